"""``Idempotency-Key`` on ``POST /api/tickets/crear`` (extension): a retried create answers
the first response and creates nothing; the key reused for another body is a 400."""

from datetime import timedelta

import pytest

from idempotency.models import IdempotencyKey
from tickets.models import Ticket

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


def crear(api, body, key="k-1", **extra):
    return api.post(CREAR, body, format="json", HTTP_IDEMPOTENCY_KEY=key, **extra)


def test_a_retried_create_answers_the_first_response_and_creates_nothing(api, setup):
    first = crear(api, VALID)
    again = crear(api, VALID)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Ticket.objects.count() == 1
    assert str(Ticket.objects.get().pk) == first.json()["ticketUuid"]


def test_the_same_key_with_another_body_is_a_400_in_the_mesa_shape(api, setup):
    crear(api, VALID)
    response = crear(api, {**VALID, "descripcion": "Otra cosa distinta que no funciona."})

    assert response.status_code == 400
    assert set(response.json()) == {"message"}
    assert "Idempotency-Key" in response.json()["message"]
    assert Ticket.objects.count() == 1


def test_without_the_header_every_request_creates(api, setup):
    api.post(CREAR, VALID, format="json")
    api.post(CREAR, VALID, format="json")
    assert Ticket.objects.count() == 2


def test_keys_belong_to_their_caller(api, setup, client_as):
    crear(api, VALID, REMOTE_ADDR="203.0.113.1")
    crear(api, VALID, REMOTE_ADDR="203.0.113.2")  # another anonymous client
    crear(client_as("mesa"), VALID)  # an agent's token
    assert Ticket.objects.count() == 3


def test_an_error_leaves_the_key_unused(api, setup):
    bad = crear(api, {**VALID, "prioridad": "NINGUNA"})
    good = crear(api, VALID)
    assert (bad.status_code, good.status_code) == (400, 200)
    assert Ticket.objects.count() == 1


def test_a_key_older_than_a_day_is_forgotten(api, setup):
    crear(api, VALID)
    IdempotencyKey.objects.update(
        created_at=IdempotencyKey.objects.get().created_at - timedelta(hours=25)
    )
    assert crear(api, VALID).status_code == 200
    assert Ticket.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "con espacio", "ñandú"])
def test_a_malformed_key_is_a_400(api, setup, key):
    response = api.post(CREAR, VALID, format="json", headers={"Idempotency-Key": key})
    assert response.status_code == 400
    assert set(response.json()) == {"message"}
    assert Ticket.objects.count() == 0


def test_expired_keys_are_purged_by_the_hourly_task(api, setup):
    from idempotency.tasks import purge_expired_keys

    crear(api, VALID, key="old")
    crear(api, VALID, key="new")
    IdempotencyKey.objects.filter(key="old").update(
        created_at=IdempotencyKey.objects.get(key="old").created_at - timedelta(days=2)
    )
    assert purge_expired_keys() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


def test_the_served_schema_documents_the_header_and_the_400(client):
    operation = client.get("/api/schema/?format=json").json()["paths"]["/api/tickets/crear"]
    operation = operation["post"]
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert (header["in"], header["schema"]["pattern"]) == ("header", "^[!-~]{1,255}$")
    assert "Idempotency-Key" in operation["responses"]["400"]["description"]
    assert "Idempotent-Replayed" in operation["responses"]["200"]["headers"]
