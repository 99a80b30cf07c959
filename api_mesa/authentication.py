"""Bearer JWT authentication of the Mesa de Ayuda API.

Each request verifies the token's signature and expiry and loads its user (one query) to
refuse users deleted or blocked after the token was issued, and tokens of an older
credentials version (``cv`` claim: password changed, logged out everywhere). No password
check happens here: passwords are hashed only at login.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import UUIDField
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings as jwt_settings

from accounts.jwt import credentials_current
from api_mesa import messages
from core.precompiled import Param, Precompiled

# ``SIMPLE_JWT["USER_ID_FIELD"]`` is the primary key (helpdesk/settings/api.py).
_USER_BY_ID = Precompiled(
    lambda: get_user_model().objects.filter(pk=Param("pk", UUIDField())).order_by()[:1]
)


class MesaJWTAuthentication(JWTAuthentication):
    """``Authorization: Bearer <token>``; any defect of the token is a 401. The scheme is
    case-insensitive (RFC 7235 §2.1): ``bearer`` and ``BEARER`` work too."""

    www_authenticate_realm = "mesa"

    def get_raw_token(self, header):
        parts = header.split()
        if not parts:
            return None
        schemes = {t.lower() for t in jwt_settings.AUTH_HEADER_TYPES}
        if parts[0].decode("latin-1").lower() not in schemes:
            return None  # another scheme: not ours to judge
        if len(parts) != 2:
            raise AuthenticationFailed(messages.INVALID_TOKEN)
        return parts[1]

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except (InvalidToken, AuthenticationFailed, OverflowError, ValueError, TypeError) as exc:
            # A signed token whose claims are absurd (exp = 10**20) is as bad as a forged one.
            raise AuthenticationFailed(messages.INVALID_TOKEN) from exc

    def get_user(self, validated_token):
        """simplejwt's checks (the user exists and is active) on a precompiled lookup (it
        runs on every request), then the credentials version."""
        try:
            user = _USER_BY_ID.first(pk=validated_token[jwt_settings.USER_ID_CLAIM])
        except (KeyError, ValidationError, ValueError, TypeError) as exc:  # no UUID claim
            raise AuthenticationFailed(messages.INVALID_TOKEN) from exc
        if user is None or not user.is_active:
            raise AuthenticationFailed(messages.INVALID_TOKEN)
        if not credentials_current(validated_token, user):  # password changed, logged out
            raise AuthenticationFailed(messages.INVALID_TOKEN)
        return user


class OptionalMesaJWTAuthentication(MesaJWTAuthentication):
    """For the public endpoints: a valid token names the actor; a bad one is ignored.

    The requester's form must keep working for a browser holding a stale token.
    """

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            return None
