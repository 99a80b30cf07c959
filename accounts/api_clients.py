"""Issuing, revoking and checking API-client credentials (HTTP Basic on the Spacebring face).

Secrets are random tokens (``secrets.token_urlsafe(32)``) stored only as their SHA-256
digest and compared with ``hmac.compare_digest``. Django's password hashers are not used:
they are deliberately slow, and these secrets are long random tokens, not passwords.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db.models import CharField
from django.utils import timezone

from accounts.models import ApiClient
from core.precompiled import Param, Precompiled

# ``last_used_at`` is written at most this often, so authentication stays read-only.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_client_id() -> str:
    return "sb_" + secrets.token_hex(12)


def set_new_secret(client: ApiClient) -> str:
    """Give ``client`` a fresh client id (when it has none) and secret; return the secret."""
    if not client.client_id:
        client.client_id = new_client_id()
    secret = secrets.token_urlsafe(32)
    client.secret_digest = digest(secret)
    return secret


def issue(**fields) -> tuple[ApiClient, str]:
    """Create an API client; returns it and its secret (shown once, never stored)."""
    client = ApiClient(**fields)
    secret = set_new_secret(client)
    client.full_clean()
    client.save()
    return client, secret


def revoke(client: ApiClient) -> None:
    client.is_active = False
    client.revoked_at = client.revoked_at or timezone.now()
    client.save(update_fields=["is_active", "revoked_at"])


# Every Spacebring request runs it: compiled once (helpdesk/precompiled.py); one row by a
# unique key, so no ORDER BY.
_CLIENT_BY_ID = Precompiled(
    lambda: ApiClient.objects.select_related("membership__user", "membership__location", "network")
    .filter(client_id=Param("client_id", CharField()))
    .order_by()[:1]
)


def authenticate(client_id: str, secret: str) -> ApiClient | None:
    """The usable client whose id and secret match, with its membership, user and network."""
    client = _CLIENT_BY_ID.first(client_id=client_id)
    # Compare even when the id is unknown, so timing does not tell which part was wrong.
    expected = client.secret_digest if client is not None else digest("")
    if not hmac.compare_digest(expected, digest(secret)) or client is None:
        return None
    if not client.usable or not client.membership.user.is_active:
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_RESOLUTION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client
