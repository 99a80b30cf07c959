"""POST /api/tickets/{id}/reabrir: ADMIN/MESA reopen a paused/solved/closed ticket → EN_PROCESO."""

from unittest import mock

import pytest

from tests.api.mesa.conftest import CALLERS, UNAUTHENTICATED, op_url
from tickets import services  # noqa: F401
from tickets.models import Activity, ActivityType

EXPECTED = {"admin": 200, "mesa": 200, "area_own": 403, "area_other": 403, "usuario": 403}


@pytest.mark.parametrize("caller", CALLERS)
def test_reabrir_role_matrix(client_as, users, paused_ticket, caller):
    body = {"motivo": "Llegó el repuesto"}

    history = Activity.objects.filter(ticket=paused_ticket)
    before = history.count()

    response = client_as(caller).post(op_url(paused_ticket, "reabrir"), body, format="json")

    expected = {**EXPECTED, **UNAUTHENTICATED}[caller]
    assert response.status_code == expected
    assert "message" in response.json()
    if expected == 200:  # written, in the caller's name
        assert history.count() > before
        assert history.last().actor == users[caller]
    else:  # refused: nothing written
        assert history.count() == before


def test_reabrir_answers_its_message_and_changes_status(client_as, paused_ticket):
    body = {"motivo": "Llegó el repuesto"}

    response = client_as("mesa").post(op_url(paused_ticket, "reabrir"), body, format="json")

    assert response.status_code == 200
    assert response.json() == {"message": "Reabierto"}
    paused_ticket.refresh_from_db()
    assert paused_ticket.status == "EN_PROCESO"


def test_reabrir_writes_one_history_entry_with_before_and_after(
    client_as, paused_ticket, mesa_user
):
    before = Activity.objects.filter(ticket=paused_ticket).count()
    body = {"motivo": "Llegó el repuesto"}

    client_as("mesa").post(op_url(paused_ticket, "reabrir"), body, format="json")

    assert Activity.objects.filter(ticket=paused_ticket).count() == before + 1
    entry = Activity.objects.filter(ticket=paused_ticket).order_by("-created_at").first()
    assert entry.type == ActivityType.STATUS_UPDATED
    assert entry.public is True
    assert entry.actor_id == mesa_user.pk
    assert entry.data["status"] == "EN_PROCESO"
    # Leaving the pause ends what it waited for (a third party: `pausar` says none).
    assert entry.data["previousAttributes"] == {"status": "PAUSADO", "pauseKind": "third_party"}


def test_reabrir_failure_midway_leaves_nothing_behind(client_as, paused_ticket):
    status, history = paused_ticket.status, Activity.objects.filter(ticket=paused_ticket).count()
    body = {"motivo": "Llegó el repuesto"}

    with mock.patch("tickets.services._base.record", side_effect=RuntimeError("boom")):
        response = client_as("mesa").post(op_url(paused_ticket, "reabrir"), body, format="json")

    assert response.status_code == 500
    assert set(response.json()) == {"message"}
    paused_ticket.refresh_from_db()
    assert paused_ticket.status == status
    assert Activity.objects.filter(ticket=paused_ticket).count() == history


def test_reabrir_unknown_ticket_is_404(client_as, ticket):
    url = "/api/tickets/00000000-0000-0000-0000-000000000000/reabrir"
    history, status = Activity.objects.count(), ticket.status

    response = client_as("mesa").post(url, {}, format="json")

    assert response.status_code == 404
    assert response.json() == {"message": "Ticket no encontrado"}
    assert Activity.objects.count() == history
    ticket.refresh_from_db()
    assert ticket.status == status


def test_reabrir_motivo_is_optional_but_bounded(client_as, paused_ticket):
    before = Activity.objects.filter(ticket=paused_ticket).count()
    too_long = client_as("mesa").post(
        op_url(paused_ticket, "reabrir"), {"motivo": "m" * 5001}, format="json"
    )

    assert too_long.status_code == 400
    assert "motivo" in too_long.json()["errors"]
    assert Activity.objects.filter(ticket=paused_ticket).count() == before  # refusal: nothing
    assert (
        client_as("mesa").post(op_url(paused_ticket, "reabrir"), {}, format="json").status_code
        == 200
    )
    paused_ticket.refresh_from_db()
    assert paused_ticket.status != "PAUSADO"
    assert Activity.objects.filter(ticket=paused_ticket).count() > before


def test_reabrir_a_new_ticket_is_409_naming_both_statuses(client_as, ticket):
    response = client_as("mesa").post(op_url(ticket, "reabrir"), {}, format="json")

    assert response.status_code == 409
    assert "NUEVO" in response.json()["message"]
    assert "EN_PROCESO" in response.json()["message"]
