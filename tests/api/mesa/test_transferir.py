"""POST /api/tickets/{id}/transferir: ADMIN/MESA hand the ticket to another area → TRANSFERIDO."""

from unittest import mock

import pytest

from tests.api.mesa.conftest import CALLERS, UNAUTHENTICATED, op_url
from tickets import services  # noqa: F401
from tickets.models import Activity, ActivityType

EXPECTED = {"admin": 200, "mesa": 200, "area_own": 403, "area_other": 403, "usuario": 403}


@pytest.mark.parametrize("caller", CALLERS)
def test_transferir_role_matrix(client_as, users, ticket, area_b, caller):
    body = {"area": "MANTENIMIENTO", "motivo": "Es de mantenimiento"}

    history = Activity.objects.filter(ticket=ticket)
    before = history.count()

    response = client_as(caller).post(op_url(ticket, "transferir"), body, format="json")

    expected = {**EXPECTED, **UNAUTHENTICATED}[caller]
    assert response.status_code == expected
    assert "message" in response.json()
    if expected == 200:  # written, in the caller's name
        assert history.count() > before
        assert history.last().actor == users[caller]
    else:  # refused: nothing written
        assert history.count() == before


def test_transferir_answers_its_message_and_changes_status(client_as, ticket, area_b):
    body = {"area": "MANTENIMIENTO", "motivo": "Es de mantenimiento"}

    response = client_as("mesa").post(op_url(ticket, "transferir"), body, format="json")

    assert response.status_code == 200
    assert response.json() == {"message": "Transferido"}
    ticket.refresh_from_db()
    assert ticket.status == "TRANSFERIDO"


def test_transferir_writes_one_history_entry_with_before_and_after(
    client_as, ticket, mesa_user, area_b
):
    before = Activity.objects.filter(ticket=ticket).count()
    body = {"area": "MANTENIMIENTO", "motivo": "Es de mantenimiento"}

    client_as("mesa").post(op_url(ticket, "transferir"), body, format="json")

    assert Activity.objects.filter(ticket=ticket).count() == before + 1
    entry = Activity.objects.filter(ticket=ticket).order_by("-created_at").first()
    assert entry.type == ActivityType.AREA_TRANSFERRED
    assert entry.public is False
    assert entry.actor_id == mesa_user.pk
    assert entry.data["area"] == "MANTENIMIENTO"
    assert entry.data["previousAttributes"]["area"] == "TECNOLOGIA"
    assert entry.data["previousAttributes"]["status"] == "NUEVO"


def test_transferir_failure_midway_leaves_nothing_behind(client_as, ticket, area_b):
    status, history = ticket.status, Activity.objects.filter(ticket=ticket).count()
    body = {"area": "MANTENIMIENTO", "motivo": "Es de mantenimiento"}

    with mock.patch("tickets.services._base.record", side_effect=RuntimeError("boom")):
        response = client_as("mesa").post(op_url(ticket, "transferir"), body, format="json")

    assert response.status_code == 500
    assert set(response.json()) == {"message"}
    ticket.refresh_from_db()
    assert ticket.status == status
    assert Activity.objects.filter(ticket=ticket).count() == history


def test_transferir_unknown_ticket_is_404(client_as, ticket):
    url = "/api/tickets/00000000-0000-0000-0000-000000000000/transferir"
    history, status = Activity.objects.count(), ticket.status

    response = client_as("mesa").post(url, {}, format="json")

    assert response.status_code == 404
    assert response.json() == {"message": "Ticket no encontrado"}
    assert Activity.objects.count() == history
    ticket.refresh_from_db()
    assert ticket.status == status


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "area"),
        ({"area": "M"}, "area"),
        ({"area": "a" * 101}, "area"),
        ({"area": "NOEXISTE"}, "area"),
        ({"area": "TECNOLOGIA"}, "area"),
        ({"area": "MANTENIMIENTO", "agenteId": "tec@example.com"}, "agenteId"),
    ],
)
def test_transferir_validates_the_body(client_as, ticket, users, body, field):
    response = client_as("mesa").post(op_url(ticket, "transferir"), body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_transferir_with_an_agent_of_the_target_area(client_as, ticket, area_b_user):
    body = {"area": "MANTENIMIENTO", "agenteId": str(area_b_user.pk)}

    response = client_as("mesa").post(op_url(ticket, "transferir"), body, format="json")

    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.assignee == area_b_user
