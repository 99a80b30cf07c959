"""Where a contract says ``string``, a JSON number, boolean, list or object is a 400 that
names the field, on both faces; nothing is written."""

import pytest

from tests.api.mesa.conftest import SEED_UPDATE, op_url
from tests.api.spacebring.conftest import BASE, assert_error
from tickets.models import Ticket

NOT_STRINGS = [12345, 1.5, True, ["texto largo"], {"a": "texto largo"}]

CREAR = {
    "nombre": "Laura Gómez",
    "email": "laura@example.com",
    "tipo": "INCIDENTE",
    "categoria": "Correo",
    "descripcion": "No puedo entrar al correo corporativo.",
    "prioridad": "ALTA",
}


@pytest.mark.parametrize("value", NOT_STRINGS)
@pytest.mark.parametrize("field", ["nombre", "email", "categoria", "descripcion", "telefono"])
def test_mesa_crear_refuses_a_non_string(api, priorities, area_mesa, field, value):
    response = api.post("/api/tickets/crear", {**CREAR, field: value}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "Datos inválidos"
    assert list(response.json()["errors"]) == [field]
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize("value", NOT_STRINGS)
@pytest.mark.parametrize("field", ["respuesta", "estado", "prioridad", "area"])
def test_mesa_actualizar_refuses_a_non_string(client_as, ticket, field, value):
    before = ticket.activities.count()
    body = {**SEED_UPDATE, field: value}
    response = client_as("mesa").post(op_url(ticket, "actualizar"), body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert ticket.activities.count() == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/auth/login", {"email": "mesa@example.com", "password": 12345678}, "password"),
        ("/api/auth/refresh", {"refreshToken": 12345}, "refreshToken"),
        ("/api/tickets/consultar", {"label": 42, "email": "a@example.com"}, "label"),
    ],
)
def test_mesa_other_bodies_refuse_non_strings(api, db, path, body, field):
    response = api.post(path, body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


@pytest.mark.parametrize("operation", ["pausar", "asignar", "transferir", "reclasificar"])
def test_mesa_motivo_refuses_a_number(client_as, ticket, operation):
    body = {"motivo": 12345, "agenteId": "mesa@example.com", "area": "MANTENIMIENTO"}
    body["nuevaPrioridad"] = "ALTA"
    response = client_as("mesa").post(op_url(ticket, operation), body, format="json")
    assert response.status_code == 400
    assert "motivo" in response.json()["errors"]


@pytest.mark.parametrize("value", NOT_STRINGS)
@pytest.mark.parametrize("field", ["text", "locationRef", "userRefRequester"])
def test_spacebring_create_refuses_a_non_string(admin_api, location, field, value):
    ticket = {"locationRef": str(location.pk), "text": "La impresora no imprime", field: value}
    body = assert_error(admin_api.post(BASE, {"ticket": ticket}), 400, "validation")
    assert body["message"].startswith(f"ticket.{field}: ")
    assert Ticket.objects.count() == 0


def test_spacebring_uuid_given_as_a_number_is_refused(admin_api, location):
    body = {"ticket": {"locationRef": location.pk.int, "text": "La impresora no imprime"}}
    message = assert_error(admin_api.post(BASE, body), 400, "validation")["message"]
    assert message == "ticket.locationRef: Not a valid string."


@pytest.mark.parametrize("value", NOT_STRINGS)
def test_spacebring_comment_refuses_a_non_string(admin_api, ticket, value):
    response = admin_api.post(f"{BASE}/{ticket.pk}/comments", {"comment": {"text": value}})
    assert assert_error(response, 400, "validation")["message"].startswith("comment.text: ")
    assert ticket.activities.count() == 1


@pytest.mark.parametrize("field", ["key", "mime", "name", "url"])
def test_spacebring_attachment_strings_refuse_numbers(admin_api, ticket, field):
    attachment = {"key": "k", "mime": "image/png", "name": "a.png", "size": 1, "url": "https://x"}
    attachment[field] = 7
    body = {"comment": {"text": "Adjunto", "attachments": [attachment]}}
    message = assert_error(admin_api.post(f"{BASE}/{ticket.pk}/comments", body), 400)["message"]
    assert message.startswith(f"comment.attachments.{field}: ")


def test_spacebring_assignee_ref_given_as_a_number_is_refused(admin_api, ticket):
    body = {"ticket": {"membershipRefAssignee": 12345}}
    response = admin_api.put(f"{BASE}/{ticket.pk}/assignee", body)
    assert assert_error(response, 400, "validation")["message"].startswith(
        "ticket.membershipRefAssignee: "
    )
