"""Fixtures of the Mesa de Ayuda API tests: clients holding a token of each kind."""

import base64
import json
from datetime import timedelta

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.jwt import tokens_for
from tickets import services

# Every caller of the role matrix: the five users of tests/conftest.py plus three bad tokens.
CALLERS = ["admin", "mesa", "area_own", "area_other", "usuario", "anonymous", "expired", "tampered"]
UNAUTHENTICATED = {"anonymous": 401, "expired": 401, "tampered": 401}

SEED_UPDATE = {
    "estado": "RESUELTO",
    "prioridad": "ALTA",
    "area": "TECNOLOGIA",
    "respuesta": (
        "Se restableció el acceso al correo corporativo. El problema fue causado por un "
        "certificado expirado que ya fue renovado."
    ),
}


def token_of(user) -> str:
    return tokens_for(user)["token"]


def expired_token(user) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(minutes=1))
    return str(token)


def tampered_token(user) -> str:
    """A real token whose payload was edited (claims ADMIN) without re-signing it."""
    header, payload, signature = token_of(user).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["rol"] = "ADMIN"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def bearer(client: APIClient, token: str) -> APIClient:
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def client_as(users):
    """``client_as(caller)`` → an APIClient for one of ``CALLERS``."""

    def make(caller: str) -> APIClient:
        client = APIClient()
        if caller == "anonymous":
            return client
        if caller == "expired":
            return bearer(client, expired_token(users["mesa"]))
        if caller == "tampered":
            return bearer(client, tampered_token(users["usuario"]))
        return bearer(client, token_of(users[caller]))

    return make


@pytest.fixture
def paused_ticket(ticket, mesa_user):
    services.ticket_pause(actor=mesa_user, ticket=ticket, reason="Esperando repuesto")
    ticket.refresh_from_db()
    return ticket


def op_url(ticket, operation: str) -> str:
    return f"/api/tickets/{ticket.pk}/{operation}"
