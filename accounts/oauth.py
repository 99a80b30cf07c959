"""OAuth2 policy hooks for django-oauth-toolkit (imported by settings: no model imports at
module level)."""


def pkce_required(client_id: str) -> bool:
    """PKCE for public clients (no secret to prove who they are); confidential clients, such
    as Spacebring integrations holding a client secret, may skip it."""
    from oauth2_provider.models import get_application_model

    Application = get_application_model()
    rows = Application.objects.filter(client_id=client_id).values_list("client_type", flat=True)
    client_type = rows.first()
    return client_type != Application.CLIENT_CONFIDENTIAL

