"""``POST /api/auth/login`` and ``POST /api/auth/refresh``."""

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.jwt import tokens_for, user_claims
from accounts.models import User
from tickets.api.mesa import messages, schema
from tickets.api.mesa.serializers.auth import (
    LoginResponseSerializer,
    LoginSerializer,
    RefreshSerializer,
)
from tickets.api.mesa.throttles import LoginThrottle
from tickets.api.mesa.views.base import PublicMesaView


class LoginView(PublicMesaView):
    authentication_classes: list = []
    throttle_classes = [LoginThrottle]

    @extend_schema(
        operation_id="mesa_auth_login",
        summary="Log in: a JWT with the user's claims (8 h)",
        request=LoginSerializer,
        responses={
            200: LoginResponseSerializer,
            **schema.errors(*schema.WITH_BODY, 429),
            401: OpenApiResponse(schema.ErrorSerializer, description="Credenciales inválidas"),
        },
        auth=[],
    )
    def post(self, request):
        body = LoginSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # ModelBackend refuses inactive users; the password hasher runs only here.
        user = authenticate(
            request, email=body.validated_data["email"], password=body.validated_data["password"]
        )
        if user is None:
            raise AuthenticationFailed(messages.INVALID_CREDENTIALS)
        return Response({**tokens_for(user), "usuario": user_claims(user)})


class RefreshView(PublicMesaView):
    authentication_classes: list = []
    throttle_classes = [LoginThrottle]

    @extend_schema(
        operation_id="mesa_auth_refresh",
        summary="Exchange a refresh token for a new pair (claims re-read from the user)",
        request=RefreshSerializer,
        responses={200: LoginResponseSerializer, **schema.errors(*schema.WITH_BODY, 401, 429)},
        auth=[],
    )
    def post(self, request):
        body = RefreshSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            refresh = RefreshToken(body.validated_data["refreshToken"])
            user_id = refresh[jwt_settings.USER_ID_CLAIM]
            user = User.objects.select_related("area").filter(pk=user_id, is_active=True).first()
        except (TokenError, KeyError, ValueError, ValidationError):  # bad, or id no UUID
            user = None
        if user is None:
            raise AuthenticationFailed(messages.INVALID_TOKEN)
        return Response({**tokens_for(user), "usuario": user_claims(user)})
