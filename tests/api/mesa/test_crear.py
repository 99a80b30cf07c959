"""POST /api/tickets/crear: public create with the contract's fields and constraints."""

from uuid import UUID

import pytest

from tests.api.mesa.conftest import CALLERS
from tickets.models import Activity, ActivityType, Ticket

CREAR = "/api/tickets/crear"
VALID = {
    "nombre": "Laura Gómez",
    "email": "laura@example.com",
    "tipo": "INCIDENTE",
    "categoria": "Correo",
    "descripcion": "No puedo entrar al correo corporativo desde ayer.",
    "prioridad": "ALTA",
}


@pytest.fixture
def setup(location, priorities, area_mesa, area_a):
    """Reference data a public create needs."""


def test_create_answers_the_contract_keys(api, setup):
    response = api.post(CREAR, VALID, format="json", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "ticketUuid", "ticketLabel", "estado", "tipo", "prioridad", "slaHoras",
        "fechaCreacion", "fechaLimiteSla", "mensaje",
    }  # fmt: skip
    assert body["estado"] == "NUEVO"
    assert body["slaHoras"] == 8
    assert body["ticketLabel"].startswith("TKT-")
    ticket = Ticket.objects.get(pk=body["ticketUuid"])
    assert ticket.area.code == "MESA"
    assert ticket.registration_ip == "203.0.113.7"
    assert ticket.requester_email == "laura@example.com"


def test_create_stores_every_optional_field(api, setup):
    body = {
        **VALID,
        "documento": "1234567",
        "telefono": "+57 300 000 0000",
        "tieneWhatsapp": True,
        "empresaDepartamento": "Finanzas",
        "subcategoria": "Outlook",
        "asunto": "Sin correo",
        "areaAsignada": "TECNOLOGIA",
    }

    response = api.post(CREAR, body, format="json")

    ticket = Ticket.objects.get(pk=response.json()["ticketUuid"])
    assert (ticket.requester_document, ticket.requester_phone) == ("1234567", "+57 300 000 0000")
    assert ticket.requester_whatsapp is True
    assert (ticket.requester_company, ticket.subcategoria) == ("Finanzas", "Outlook")
    assert (ticket.subject, ticket.area.code) == ("Sin correo", "TECNOLOGIA")


def test_forwarded_for_is_ignored_without_a_trusted_proxy(api, setup):
    response = api.post(
        CREAR, VALID, format="json", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )

    assert Ticket.objects.get(pk=response.json()["ticketUuid"]).registration_ip == "203.0.113.7"


def test_forwarded_for_is_read_behind_a_trusted_proxy(api, setup, monkeypatch):
    from rest_framework.settings import api_settings

    monkeypatch.setattr(api_settings, "NUM_PROXIES", 1)

    response = api.post(
        CREAR, VALID, format="json", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 1.2.3.4"
    )

    assert Ticket.objects.get(pk=response.json()["ticketUuid"]).registration_ip == "1.2.3.4"


@pytest.mark.parametrize("caller", CALLERS)
def test_everyone_may_create(client_as, setup, caller):
    response = client_as(caller).post(CREAR, VALID, format="json")

    assert response.status_code == 200
    ticket = Ticket.objects.get(pk=response.json()["ticketUuid"])
    assert ticket.requester_email == VALID["email"]
    created = ticket.activities.get()
    assert (created.type, created.public) == (ActivityType.TICKET_CREATED, True)


def test_token_user_is_the_recorded_actor(client_as, setup, mesa_user):
    response = client_as("mesa").post(CREAR, VALID, format="json")

    created = Activity.objects.get(ticket_id=response.json()["ticketUuid"])
    assert created.type == ActivityType.TICKET_CREATED
    assert created.actor_id == mesa_user.pk


def test_anonymous_create_records_no_actor(api, setup):
    response = api.post(CREAR, VALID, format="json")

    created = Activity.objects.get(ticket_id=response.json()["ticketUuid"])
    assert created.actor_id is None
    assert created.data == {"status": "NUEVO", "priority": "ALTA", "area": "MESA"}


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("nombre", "ab", False),
        ("nombre", "abc", True),
        ("nombre", "n" * 150, True),
        ("nombre", "n" * 151, False),
        ("email", "no-es-un-email", False),
        ("tipo", "OTRO", False),
        ("tipo", "QUEJA", True),
        ("categoria", "a", False),
        ("categoria", "ab", True),
        ("categoria", "c" * 101, False),
        ("descripcion", "corta 789", False),
        ("descripcion", "0123456789", True),
        ("prioridad", "CRITICA", False),
        ("prioridad", "p" * 21, False),
        ("prioridad", "baja", True),
        ("documento", "d" * 51, False),
        ("telefono", "1" * 31, False),
        ("empresaDepartamento", "e" * 151, False),
        ("subcategoria", "s" * 101, False),
        ("asunto", "a" * 201, False),
        ("areaAsignada", "NOEXISTE", False),
        ("areaAsignada", "a" * 101, False),
        ("tieneWhatsapp", "quizas", False),
    ],
)
def test_create_validates_each_field(api, setup, field, value, ok):
    response = api.post(CREAR, {**VALID, field: value}, format="json")

    if ok:
        assert response.status_code == 200
        assert Ticket.objects.get().pk == UUID(response.json()["ticketUuid"])
    else:
        assert response.status_code == 400
        assert response.json()["message"] == "Datos inválidos"
        assert field in response.json()["errors"]
        assert Ticket.objects.count() == 0


@pytest.mark.parametrize(
    "missing", ["nombre", "email", "tipo", "categoria", "descripcion", "prioridad"]
)
def test_create_requires_each_field(api, setup, missing):
    body = {k: v for k, v in VALID.items() if k != missing}

    response = api.post(CREAR, body, format="json")

    assert response.status_code == 400
    assert missing in response.json()["errors"]


def test_create_is_throttled(api, setup, monkeypatch):
    from api_mesa.throttles import CreateThrottle

    monkeypatch.setattr(CreateThrottle, "THROTTLE_RATES", {"mesa_crear": "1/hour"})

    codes = [api.post(CREAR, VALID, format="json").status_code for _ in range(2)]

    assert codes == [200, 429]


def test_area_defaults_to_the_configured_intake_area(api, settings, location, priorities, area_a):
    settings.HELPDESK_DEFAULT_AREA = "TECNOLOGIA"
    response = api.post(CREAR, VALID, format="json")
    assert response.status_code == 200, response.content
    assert Ticket.objects.get(pk=response.json()["ticketUuid"]).area == area_a


def test_crear_keeps_prioridad_and_knows_nothing_of_the_web_forms_urgency(api, setup):
    """The public web form asks for urgency in plain words; the API contract does not."""
    response = api.post(CREAR, {**VALID, "urgencia": "low"}, format="json")
    assert response.status_code == 200 and response.json()["prioridad"] == "ALTA"
    created = Activity.objects.get(ticket_id=response.json()["ticketUuid"])
    assert "urgency" not in created.data
    missing = api.post(CREAR, {k: v for k, v in VALID.items() if k != "prioridad"}, format="json")
    assert missing.status_code == 400
