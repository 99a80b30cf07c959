"""POST /api/tickets/{id}/asignar: ADMIN/MESA give the ticket to an agent → ASIGNADO."""

from unittest import mock

import pytest

from tests.api.mesa.conftest import CALLERS, UNAUTHENTICATED, op_url
from tickets import services  # noqa: F401
from tickets.models import Activity, ActivityType

EXPECTED = {"admin": 200, "mesa": 200, "area_own": 403, "area_other": 403, "usuario": 403}


@pytest.mark.parametrize("caller", CALLERS)
def test_asignar_role_matrix(client_as, users, ticket, area_a_user, caller):
    body = {"agenteId": str(area_a_user.pk), "motivo": "Le corresponde"}

    history = Activity.objects.filter(ticket=ticket)
    before = history.count()

    response = client_as(caller).post(op_url(ticket, "asignar"), body, format="json")

    expected = {**EXPECTED, **UNAUTHENTICATED}[caller]
    assert response.status_code == expected
    assert "message" in response.json()
    if expected == 200:  # written, in the caller's name
        assert history.count() > before
        assert history.last().actor == users[caller]
    else:  # refused: nothing written
        assert history.count() == before


def test_asignar_answers_its_message_and_changes_status(client_as, ticket, area_a_user):
    body = {"agenteId": str(area_a_user.pk), "motivo": "Le corresponde"}

    response = client_as("mesa").post(op_url(ticket, "asignar"), body, format="json")

    assert response.status_code == 200
    assert response.json() == {"message": "Asignado"}
    ticket.refresh_from_db()
    assert ticket.status == "ASIGNADO"


def test_asignar_writes_one_history_entry_with_before_and_after(
    client_as, ticket, mesa_user, area_a_user
):
    before = Activity.objects.filter(ticket=ticket).count()
    body = {"agenteId": str(area_a_user.pk), "motivo": "Le corresponde"}

    client_as("mesa").post(op_url(ticket, "asignar"), body, format="json")

    assert Activity.objects.filter(ticket=ticket).count() == before + 1
    entry = Activity.objects.filter(ticket=ticket).order_by("-created_at").first()
    assert entry.type == ActivityType.ASSIGNEE_UPDATED
    assert entry.public is False
    assert entry.actor_id == mesa_user.pk
    assert entry.data["assignee"] == str(area_a_user.pk)
    assert entry.data["previousAttributes"]["assignee"] is None
    assert entry.data["previousAttributes"]["status"] == "NUEVO"
    assert entry.data["reason"] == "Le corresponde"


def test_asignar_failure_midway_leaves_nothing_behind(client_as, ticket, area_a_user):
    status, history = ticket.status, Activity.objects.filter(ticket=ticket).count()
    body = {"agenteId": str(area_a_user.pk), "motivo": "Le corresponde"}

    with mock.patch("tickets.services._base.record", side_effect=RuntimeError("boom")):
        response = client_as("mesa").post(op_url(ticket, "asignar"), body, format="json")

    assert response.status_code == 500
    assert set(response.json()) == {"message"}
    ticket.refresh_from_db()
    assert ticket.status == status
    assert Activity.objects.filter(ticket=ticket).count() == history


def test_asignar_unknown_ticket_is_404(client_as, ticket):
    url = "/api/tickets/00000000-0000-0000-0000-000000000000/asignar"
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
        ({}, "agenteId"),
        ({"agenteId": "00000000-0000-0000-0000-000000000000"}, "agenteId"),
        ({"agenteId": "requester@example.com"}, "agenteId"),
        ({"agenteId": "mant@example.com"}, "agenteId"),
        ({"agenteId": "tec@example.com", "motivo": "m" * 5001}, "motivo"),
    ],
)
def test_asignar_validates_the_body(client_as, ticket, users, body, field):
    response = client_as("mesa").post(op_url(ticket, "asignar"), body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_asignar_accepts_the_agent_email(client_as, ticket, area_a_user):
    response = client_as("mesa").post(
        op_url(ticket, "asignar"), {"agenteId": area_a_user.email}, format="json"
    )

    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.assignee == area_a_user
