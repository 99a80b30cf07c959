"""Regressions found by fuzzing the Mesa face: hostile input is a 4xx in the Mesa shape,
never a 5xx."""

import uuid
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from rest_framework_simplejwt.tokens import AccessToken

from tests.api.mesa.conftest import bearer, token_of
from tickets.models import Ticket

LOGIN = "/api/auth/login"


def _mesa_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["message"], str)
    assert set(body) <= {"message", "errors"}
    return body


@pytest.mark.parametrize("path", [LOGIN, "/api/tickets/crear"])
def test_deeply_nested_json_is_400_without_login(api, path):
    body = "[" * 3000 + "]" * 3000
    _mesa_error(api.post(path, data=body, content_type="application/json"), 400)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_body_over_the_size_limit_is_413(api):
    _mesa_error(api.post(LOGIN, {"email": "a@b.co", "password": "x" * 2000}, format="json"), 413)


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
@pytest.mark.parametrize("path", [LOGIN, "/api/nope"])
def test_too_many_query_parameters_is_400(api, path):
    query = "&".join(f"x{i}=1" for i in range(20))
    _mesa_error(api.post(f"{path}?{query}", {}, format="json"), 400)


def test_huge_page_number_is_a_validation_error_naming_page(api, mesa_user):
    response = bearer(api, token_of(mesa_user)).get(
        "/api/tickets/dashboard", {"page": 288230376151711744, "limit": 50}
    )
    body = _mesa_error(response, 400)
    assert "page" in body["errors"]


def test_signed_token_with_absurd_expiry_is_401(api, mesa_user):
    token = AccessToken.for_user(mesa_user)
    token.payload["exp"] = 10**20
    _mesa_error(bearer(api, str(token)).get("/api/tickets/dashboard"), 401)


def test_signed_token_with_absurd_expiry_is_ignored_on_public_create(
    api, priorities, area_mesa, location
):
    token = AccessToken()
    token.set_exp(lifetime=timedelta(hours=1))
    token.payload["exp"] = 10**20
    body = {
        "nombre": "Laura Gómez",
        "email": "laura@example.com",
        "tipo": "INCIDENTE",
        "categoria": "Red",
        "descripcion": "Sin conexión desde la mañana.",
        "prioridad": "ALTA",
    }
    response = bearer(api, str(token)).post("/api/tickets/crear", body, format="json")
    assert response.status_code == 200
    ticket = Ticket.objects.get(pk=response.json()["ticketUuid"])
    assert (ticket.requester_email, ticket.requester_name) == ("laura@example.com", "Laura Gómez")


@pytest.mark.parametrize("operation", ["asignar", "transferir", "reclasificar", "reabrir"])
def test_area_agent_is_refused_by_role_before_any_ticket_lookup(api, area_a_user, operation):
    response = bearer(api, token_of(area_a_user)).post(
        f"/api/tickets/{uuid.uuid4()}/{operation}", {"agenteId": "x"}, format="json"
    )
    _mesa_error(response, 403)


def test_bad_host_header_is_400_in_the_mesa_shape(db):
    _mesa_error(Client().post(LOGIN, {}, HTTP_HOST="bad host!"), 400)
