import pytest

from tickets import services
from tickets.errors import InvalidTransition, NotAllowed, ValidationFailed
from tickets.models import Activity, Status


def test_status_change_records_previous_status(ticket, mesa_user):
    activity = services.ticket_change_status(actor=mesa_user, ticket=ticket, status="EN_PROCESO")
    assert activity.type == "statusUpdated" and activity.public
    assert activity.data == {"status": "EN_PROCESO", "previousAttributes": {"status": "NUEVO"}}
    ticket.refresh_from_db()
    assert ticket.status_updated_at == activity.created_at


def test_solving_sets_and_reopening_clears_resolved_at(ticket, mesa_user):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="RESUELTO")
    ticket.refresh_from_db()
    solved_at = ticket.resolved_at
    assert solved_at is not None
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="CERRADO")
    ticket.refresh_from_db()
    assert ticket.resolved_at == solved_at
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="EN_PROCESO")
    ticket.refresh_from_db()
    assert ticket.resolved_at is None


def test_sla_clock_stops_when_solved(ticket, mesa_user):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="RESUELTO")
    ticket.refresh_from_db()
    assert ticket.sla_remaining_hours() == ticket.sla_remaining_hours(ticket.resolved_at)


@pytest.mark.parametrize("terminal", ["CANCELADO", "ARCHIVADO"])
def test_nothing_leaves_a_terminal_status(ticket, mesa_user, terminal):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status=terminal)
    with pytest.raises(InvalidTransition) as exc:
        services.ticket_change_status(actor=mesa_user, ticket=ticket, status="EN_PROCESO")
    assert terminal in str(exc.value.message) and "EN_PROCESO" in str(exc.value.message)
    ticket.refresh_from_db()
    assert ticket.status == terminal
    assert Activity.objects.filter(ticket=ticket).count() == 2


def test_unknown_status_is_a_validation_error(ticket, mesa_user):
    with pytest.raises(ValidationFailed):
        services.ticket_change_status(actor=mesa_user, ticket=ticket, status="PERDIDO")


def test_requester_cannot_change_status(ticket, requester):
    with pytest.raises(NotAllowed):
        services.ticket_change_status(actor=requester, ticket=ticket, status="CERRADO")
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO
