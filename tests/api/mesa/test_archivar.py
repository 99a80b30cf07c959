"""POST /api/tickets/{id}/archivar: ADMIN/MESA/AREA (own area) → ARCHIVADO (terminal)."""

from unittest import mock

import pytest

from tests.api.mesa.conftest import CALLERS, UNAUTHENTICATED, op_url
from tickets import services  # noqa: F401
from tickets.models import Activity, ActivityType

EXPECTED = {"admin": 200, "mesa": 200, "area_own": 200, "area_other": 403, "usuario": 403}


@pytest.mark.parametrize("caller", CALLERS)
def test_archivar_role_matrix(client_as, users, ticket, caller):
    body = {"motivo": "Sin novedad"}

    history = Activity.objects.filter(ticket=ticket)
    before = history.count()

    response = client_as(caller).post(op_url(ticket, "archivar"), body, format="json")

    expected = {**EXPECTED, **UNAUTHENTICATED}[caller]
    assert response.status_code == expected
    assert "message" in response.json()
    if expected == 200:  # written, in the caller's name
        assert history.count() > before
        assert history.last().actor == users[caller]
    else:  # refused: nothing written
        assert history.count() == before


def test_archivar_answers_its_message_and_changes_status(client_as, ticket):
    body = {"motivo": "Sin novedad"}

    response = client_as("mesa").post(op_url(ticket, "archivar"), body, format="json")

    assert response.status_code == 200
    assert response.json() == {"message": "Archivado"}
    ticket.refresh_from_db()
    assert ticket.status == "ARCHIVADO"


def test_archivar_writes_one_history_entry_with_before_and_after(client_as, ticket, mesa_user):
    before = Activity.objects.filter(ticket=ticket).count()
    body = {"motivo": "Sin novedad"}

    client_as("mesa").post(op_url(ticket, "archivar"), body, format="json")

    assert Activity.objects.filter(ticket=ticket).count() == before + 1
    entry = Activity.objects.filter(ticket=ticket).order_by("-created_at").first()
    assert entry.type == ActivityType.STATUS_UPDATED
    assert entry.public is True
    assert entry.actor_id == mesa_user.pk
    assert entry.data["status"] == "ARCHIVADO"
    assert entry.data["previousAttributes"] == {"status": "NUEVO"}


def test_archivar_failure_midway_leaves_nothing_behind(client_as, ticket):
    status, history = ticket.status, Activity.objects.filter(ticket=ticket).count()
    body = {"motivo": "Sin novedad"}

    with mock.patch("tickets.services._base.record", side_effect=RuntimeError("boom")):
        response = client_as("mesa").post(op_url(ticket, "archivar"), body, format="json")

    assert response.status_code == 500
    assert set(response.json()) == {"message"}
    ticket.refresh_from_db()
    assert ticket.status == status
    assert Activity.objects.filter(ticket=ticket).count() == history


def test_archivar_unknown_ticket_is_404(client_as, ticket):
    url = "/api/tickets/00000000-0000-0000-0000-000000000000/archivar"
    history, status = Activity.objects.count(), ticket.status

    response = client_as("mesa").post(url, {}, format="json")

    assert response.status_code == 404
    assert response.json() == {"message": "Ticket no encontrado"}
    assert Activity.objects.count() == history
    ticket.refresh_from_db()
    assert ticket.status == status


def test_archivar_motivo_is_optional_but_bounded(client_as, ticket):
    before = Activity.objects.filter(ticket=ticket).count()
    too_long = client_as("mesa").post(
        op_url(ticket, "archivar"), {"motivo": "m" * 5001}, format="json"
    )

    assert too_long.status_code == 400
    assert "motivo" in too_long.json()["errors"]
    assert Activity.objects.filter(ticket=ticket).count() == before  # the refusal wrote nothing
    assert client_as("mesa").post(op_url(ticket, "archivar"), {}, format="json").status_code == 200
    ticket.refresh_from_db()
    assert ticket.status == "ARCHIVADO"
    assert Activity.objects.filter(ticket=ticket).count() > before


def test_archivar_a_cancelled_ticket_is_409_naming_both(client_as, ticket, mesa_user):
    services.ticket_cancel(actor=mesa_user, ticket=ticket)

    response = client_as("mesa").post(op_url(ticket, "archivar"), {}, format="json")

    assert response.status_code == 409
    assert "CANCELADO" in response.json()["message"]
    assert "ARCHIVADO" in response.json()["message"]
