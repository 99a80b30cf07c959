"""JWTs of the Mesa de Ayuda API (simplejwt), carrying the claims its clients read.

Claims: ``id`` (``SIMPLE_JWT["USER_ID_CLAIM"]``), ``nombre``, ``email``, ``rol``, ``area``.
Lifetimes come from ``SIMPLE_JWT`` (access token 8 hours). The password is checked only at
login; a request carrying a token only loads the user (to refuse blocked users).
"""

from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User


def user_claims(user: User) -> dict:
    """The ``usuario`` object of the login answer, and the claims of its tokens: the same
    snapshot of the user that history records (id, nombre, email, rol, area)."""
    claims = user.snapshot()
    claims["nombre"] = claims["nombre"] or user.email  # the user's own token may show it
    return claims


def tokens_for(user: User) -> dict:
    """A fresh pair for ``user``: ``{"token": <access>, "refreshToken": <refresh>}``."""
    refresh = RefreshToken.for_user(user)
    for claim, value in user_claims(user).items():
        refresh[claim] = value  # copied into the access token derived below
    return {"token": str(refresh.access_token), "refreshToken": str(refresh)}
