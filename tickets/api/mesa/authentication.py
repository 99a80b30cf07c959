"""Bearer JWT authentication of the Mesa de Ayuda API.

Each request verifies the token's signature and expiry and loads its user (one query) to
refuse users deleted or blocked after the token was issued. No password check happens
here: passwords are hashed only at login.
"""

from django.core.exceptions import ValidationError
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings as jwt_settings

from tickets.api.mesa import messages


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
        try:
            return super().get_user(validated_token)
        except (ValidationError, ValueError, TypeError) as exc:  # a claim that is no UUID
            raise AuthenticationFailed(messages.INVALID_TOKEN) from exc


class OptionalMesaJWTAuthentication(MesaJWTAuthentication):
    """For the public endpoints: a valid token names the actor; a bad one is ignored.

    The requester's form must keep working for a browser holding a stale token.
    """

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            return None
