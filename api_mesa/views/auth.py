"""``POST /api/auth/login`` and ``POST /api/auth/refresh``."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.credentials import log_out_everywhere
from accounts.jwt import rotate, tokens_for, user_claims
from api_mesa import messages, schema
from api_mesa.serializers.auth import (
    LoginResponseSerializer,
    LoginSerializer,
    RefreshSerializer,
)
from api_mesa.serializers.operations import MessageSerializer
from api_mesa.throttles import LoginThrottle
from api_mesa.views.base import MesaView, PublicMesaView
from core import ratelimit


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
        email = body.validated_data["email"]
        if ratelimit.login_refused(request, email):  # failures per (address, account)
            raise Throttled(wait=ratelimit.limit_for("login")[1])
        # ModelBackend refuses inactive users; the password hasher runs only here.
        user = authenticate(request, email=email, password=body.validated_data["password"])
        if user is None:
            ratelimit.login_failed(request, email)
            raise AuthenticationFailed(messages.INVALID_CREDENTIALS)
        return Response({**tokens_for(user), "usuario": user_claims(user)})


class RefreshView(PublicMesaView):
    authentication_classes: list = []
    throttle_classes = [LoginThrottle]

    @extend_schema(
        operation_id="mesa_auth_refresh",
        summary="Exchange a refresh token for a new pair, once (claims re-read from the user)",
        request=RefreshSerializer,
        responses={200: LoginResponseSerializer, **schema.errors(*schema.WITH_BODY, 401, 429)},
        auth=[],
    )
    def post(self, request):
        body = RefreshSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rotated = rotate(body.validated_data["refreshToken"])  # a refresh token works once
        if rotated is None:
            raise AuthenticationFailed(messages.INVALID_TOKEN)
        user, tokens = rotated
        return Response({**tokens, "usuario": user_claims(user)})


class LogoutAllView(MesaView):
    """Extension: end every token and session of the caller (a new login starts over)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="mesa_auth_logout_all",
        summary="Log out everywhere (extension): every token and session of the caller ends",
        request=None,
        responses={200: MessageSerializer, **schema.errors(401)},
    )
    def post(self, request):
        log_out_everywhere(request.user)
        return Response({"message": messages.LOGGED_OUT_EVERYWHERE})
