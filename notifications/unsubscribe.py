"""The one-click unsubscribe link of the notification digests (RFC 8058).

Each digest carries ``List-Unsubscribe: <…/portal/notifications/unsubscribe/<token>/>`` and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click``. The token is the agent's id signed
under ``SECRET_KEY`` (and verified under ``SECRET_KEY_FALLBACKS`` too, so old mails keep
working after a key rotation); it never expires, as a link in an old mail must still work.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

_SALT = "notifications.unsubscribe"


def token_for(user_id) -> str:
    return signing.Signer(salt=_SALT).sign(str(user_id))


def user_id_from(token: str) -> str | None:
    try:
        return signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None


def url_for(user_id) -> str:
    path = reverse("notifications:unsubscribe", args=[token_for(user_id)])
    return settings.HELPDESK_SITE_URL.rstrip("/") + path
