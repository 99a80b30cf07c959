"""POST /api/tickets/{id}/reclasificar: ADMIN/MESA change priority and category → RECLASIFICADO."""

from unittest import mock

import pytest

from tests.api.mesa.conftest import CALLERS, UNAUTHENTICATED, op_url
from tickets import services  # noqa: F401
from tickets.models import Activity, ActivityType

EXPECTED = {"admin": 200, "mesa": 200, "area_own": 403, "area_other": 403, "usuario": 403}


@pytest.mark.parametrize("caller", CALLERS)
def test_reclasificar_role_matrix(client_as, users, ticket, caller):
    body = {"nuevaPrioridad": "URGENTE", "nuevaCategoria": "Redes", "motivo": "Afecta a todos"}

    history = Activity.objects.filter(ticket=ticket)
    before = history.count()

    response = client_as(caller).post(op_url(ticket, "reclasificar"), body, format="json")

    expected = {**EXPECTED, **UNAUTHENTICATED}[caller]
    assert response.status_code == expected
    assert "message" in response.json()
    if expected == 200:  # written, in the caller's name
        assert history.count() > before
        assert history.last().actor == users[caller]
    else:  # refused: nothing written
        assert history.count() == before


def test_reclasificar_answers_its_message_and_changes_status(client_as, ticket):
    body = {"nuevaPrioridad": "URGENTE", "nuevaCategoria": "Redes", "motivo": "Afecta a todos"}

    response = client_as("mesa").post(op_url(ticket, "reclasificar"), body, format="json")

    assert response.status_code == 200
    assert response.json() == {"message": "Reclasificado"}
    ticket.refresh_from_db()
    assert ticket.status == "RECLASIFICADO"


def test_reclasificar_writes_one_history_entry_with_before_and_after(client_as, ticket, mesa_user):
    before = Activity.objects.filter(ticket=ticket).count()
    body = {"nuevaPrioridad": "URGENTE", "nuevaCategoria": "Redes", "motivo": "Afecta a todos"}

    client_as("mesa").post(op_url(ticket, "reclasificar"), body, format="json")

    assert Activity.objects.filter(ticket=ticket).count() == before + 1
    entry = Activity.objects.filter(ticket=ticket).order_by("-created_at").first()
    assert entry.type == ActivityType.RECLASSIFIED
    assert entry.public is False
    assert entry.actor_id == mesa_user.pk
    assert entry.data["priority"] == "URGENTE"
    assert entry.data["categoria"] == "Redes"
    assert entry.data["previousAttributes"]["priority"] == "MEDIA"
    assert entry.data["previousAttributes"]["categoria"] == "Hardware"


def test_reclasificar_failure_midway_leaves_nothing_behind(client_as, ticket):
    status, history = ticket.status, Activity.objects.filter(ticket=ticket).count()
    body = {"nuevaPrioridad": "URGENTE", "nuevaCategoria": "Redes", "motivo": "Afecta a todos"}

    with mock.patch("tickets.services._base.record", side_effect=RuntimeError("boom")):
        response = client_as("mesa").post(op_url(ticket, "reclasificar"), body, format="json")

    assert response.status_code == 500
    assert set(response.json()) == {"message"}
    ticket.refresh_from_db()
    assert ticket.status == status
    assert Activity.objects.filter(ticket=ticket).count() == history


def test_reclasificar_unknown_ticket_is_404(client_as, ticket):
    url = "/api/tickets/00000000-0000-0000-0000-000000000000/reclasificar"
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
        ({}, "nuevaPrioridad"),
        ({"nuevaPrioridad": "CRITICA"}, "nuevaPrioridad"),
        ({"nuevaPrioridad": "p" * 21}, "nuevaPrioridad"),
        ({"nuevaPrioridad": "ALTA", "nuevaCategoria": "c" * 101}, "nuevaCategoria"),
    ],
)
def test_reclasificar_validates_the_body(client_as, ticket, body, field):
    response = client_as("mesa").post(op_url(ticket, "reclasificar"), body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_reclasificar_moves_the_sla_due_time(client_as, ticket):
    client_as("mesa").post(
        op_url(ticket, "reclasificar"), {"nuevaPrioridad": "URGENTE"}, format="json"
    )

    ticket.refresh_from_db()
    assert (ticket.sla_due_at - ticket.created_at).total_seconds() == 4 * 3600
