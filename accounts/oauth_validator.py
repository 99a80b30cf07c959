"""The OAuth2 validator of django-oauth-toolkit (``OAUTH2_VALIDATOR_CLASS``), plus: an
authorization code exchanged twice revokes every token its first exchange issued."""

import hashlib

from oauth2_provider.models import AccessToken, RefreshToken
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.oauth2.rfc6749 import errors

from accounts.models import UsedAuthorizationCode


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class HelpdeskOAuth2Validator(OAuth2Validator):
    """django-oauth-toolkit's validator, plus: an authorization code exchanged twice revokes
    every token the first exchange issued, refreshed descendants included (RFC 6749
    §4.1.2: the code was stolen, so its tokens may be too)."""

    def _create_access_token(self, expires, request, token, source_refresh_token=None):
        access_token = super()._create_access_token(expires, request, token, source_refresh_token)
        request.helpdesk_access_token = access_token
        return access_token

    def _save_bearer_token(self, token, request, *args, **kwargs):
        result = super()._save_bearer_token(token, request, *args, **kwargs)
        access_token = getattr(request, "helpdesk_access_token", None)
        if request.grant_type == "authorization_code" and access_token is not None:
            family = (
                RefreshToken.objects.filter(access_token=access_token)
                .values_list("token_family", flat=True)
                .first()
            )
            used, created = UsedAuthorizationCode.objects.get_or_create(
                code_digest=_digest(request.code),
                defaults={
                    "application_id": request.client.pk,
                    "access_token_id": access_token.pk,
                    "token_family": family,
                },
            )
            if not created:  # the same code exchanged twice at once: neither keeps tokens
                revoke_code_family(used)
                raise errors.InvalidGrantError(request=request)
        return result

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        if super().validate_code(client_id, code, client, request, *args, **kwargs):
            return True
        used = UsedAuthorizationCode.objects.filter(
            code_digest=_digest(code), application_id=client.pk
        ).first()
        if used is not None:
            revoke_code_family(used)
        return False


def revoke_code_family(used) -> None:
    if used.token_family is not None:
        for refresh in RefreshToken.objects.filter(token_family=used.token_family):
            if refresh.revoked is None:
                refresh.revoke()
            AccessToken.objects.filter(source_refresh_token=refresh).delete()
    if used.access_token_id is not None:
        AccessToken.objects.filter(pk=used.access_token_id).delete()
