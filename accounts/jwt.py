"""JWTs of the Mesa de Ayuda API (simplejwt), carrying the claims its clients read.

Claims: ``id`` (``SIMPLE_JWT["USER_ID_CLAIM"]``), ``nombre``, ``email``, ``rol``, ``area``,
and ``cv``, the user's credentials version (``accounts.credentials``): a password change,
a block or "log out everywhere" raises it, and every token carrying the old one is refused.
Lifetimes come from ``SIMPLE_JWT`` (access token 8 hours). The password is checked only at
login; a request carrying a token only loads the user (to refuse blocked users and old
versions, in the same query).

Refresh tokens are used once (``rotate``): the token is blacklisted (simplejwt's
``token_blacklist`` app) in the same transaction that issues the new pair, so a second use,
even a concurrent one, is refused.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken, Token

from accounts.models import User

CREDENTIALS_CLAIM = "cv"


def user_claims(user: User) -> dict:
    """The ``usuario`` object of the login answer, and the claims of its tokens: the same
    snapshot of the user that history records (id, nombre, email, rol, area)."""
    claims = user.snapshot()
    claims["nombre"] = claims["nombre"] or user.email  # the user's own token may show it
    return claims


def tokens_for(user: User) -> dict:
    """A fresh pair for ``user``: ``{"token": <access>, "refreshToken": <refresh>}``."""
    # As RefreshToken.for_user, without its OutstandingToken row: a login writes nothing;
    # the row is written when the token is used (and blacklisted) by ``rotate``.
    refresh = RefreshToken()
    refresh[jwt_settings.USER_ID_CLAIM] = str(user.pk)
    for claim, value in user_claims(user).items():
        refresh[claim] = value  # copied into the access token derived below
    refresh[CREDENTIALS_CLAIM] = user.credentials_version
    return {"token": str(refresh.access_token), "refreshToken": str(refresh)}


def credentials_current(token: Token, user: User) -> bool:
    """Whether ``token`` was issued for the user's current credentials (tokens issued
    before the claim existed carry none and count as version 0)."""
    return token.get(CREDENTIALS_CLAIM, 0) == user.credentials_version


@transaction.atomic
def rotate(raw_refresh: str) -> tuple[User, dict] | None:
    """Exchange a refresh token for a new pair, once; None if it is bad, expired, used,
    of an older credentials version, or of a user now blocked or deleted."""
    try:
        refresh = RefreshToken(raw_refresh)  # signature, expiry and the blacklist
        user_id = refresh[jwt_settings.USER_ID_CLAIM]
        user = User.objects.select_related("area").filter(pk=user_id, is_active=True).first()
    except (TokenError, KeyError, ValueError, ValidationError):  # bad, or id no UUID
        return None
    if user is None or not credentials_current(refresh, user):
        return None
    _, created = refresh.blacklist()
    if not created:  # another request used it first
        return None
    return user, tokens_for(user)
