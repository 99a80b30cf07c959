"""pausar, reabrir, cancelar, archivar: each a status move with its own rule."""

import pytest

from tickets import services
from tickets.errors import InvalidTransition
from tickets.models import Status

OPERATIONS = {
    "pause": (services.ticket_pause, Status.PAUSADO),
    "cancel": (services.ticket_cancel, Status.CANCELADO),
    "archive": (services.ticket_archive, Status.ARCHIVADO),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_operation_moves_status_and_records_reason(ticket, area_a_user, name):
    operation, target = OPERATIONS[name]
    activity = operation(actor=area_a_user, ticket=ticket, reason="Motivo claro")
    ticket.refresh_from_db()
    assert ticket.status == target
    assert activity.type == "statusUpdated"
    # The AREA agent moved an unassigned ticket of its area: it becomes the assignee, in
    # the same entry.
    membership = str(area_a_user.memberships.get().pk)
    previous = {"status": "NUEVO", "assignee": None, "membershipAssignee": None}
    # A pause says what it waits for (a third party when not said).
    waits = {"pauseKind": "third_party"} if target == Status.PAUSADO else {}
    assert activity.data == {
        "status": target,
        "assignee": str(area_a_user.pk),
        "membershipAssignee": membership,
        **waits,
        "previousAttributes": {**previous, **dict.fromkeys(waits)},
        "reason": "Motivo claro",
    }
    assert activity.actor == area_a_user
    assert ticket.assignee == area_a_user


def test_operation_by_the_desk_leaves_the_ticket_unassigned(ticket, mesa_user):
    activity = services.ticket_pause(actor=mesa_user, ticket=ticket, reason="Motivo claro")
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert "assignee" not in activity.data


def test_pausing_a_paused_ticket_is_a_conflict(ticket, mesa_user):
    services.ticket_pause(actor=mesa_user, ticket=ticket)
    with pytest.raises(InvalidTransition):
        services.ticket_pause(actor=mesa_user, ticket=ticket)
    assert ticket.activities.count() == 2


@pytest.mark.parametrize("start", ["PAUSADO", "RESUELTO", "CERRADO"])
def test_reopen_brings_paused_solved_or_closed_back_to_work(ticket, mesa_user, start):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status=start)
    activity = services.ticket_reopen(actor=mesa_user, ticket=ticket, reason="Volvió a fallar")
    ticket.refresh_from_db()
    assert ticket.status == Status.EN_PROCESO
    # Leaving a pause also ends what it waited for (a third party when not said).
    waited = {"pauseKind": "third_party"} if start == "PAUSADO" else {}
    assert activity.data["previousAttributes"] == {"status": start, **waited}
    assert ticket.pause_kind is None


@pytest.mark.parametrize("start", ["NUEVO", "ASIGNADO", "EN_PROCESO", "CANCELADO", "ARCHIVADO"])
def test_reopen_refuses_tickets_that_are_not_paused_solved_or_closed(ticket, mesa_user, start):
    if start == "ASIGNADO":
        services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=mesa_user)
    elif start != "NUEVO":
        services.ticket_change_status(actor=mesa_user, ticket=ticket, status=start)
    with pytest.raises(InvalidTransition):
        services.ticket_reopen(actor=mesa_user, ticket=ticket)


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_operations_on_an_archived_ticket_are_conflicts(ticket, mesa_user, name):
    services.ticket_archive(actor=mesa_user, ticket=ticket)
    operation, _ = OPERATIONS[name]
    with pytest.raises(InvalidTransition):
        operation(actor=mesa_user, ticket=ticket)
