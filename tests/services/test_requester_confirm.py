""" "Yes, it is solved" (RESUELTO → CERRADO) and "No, it still fails" (→ EN_PROCESO with the
reason as the requester's public comment), recorded as the requester's."""

import pytest

from tickets import services
from tickets.access import Requester
from tickets.errors import InvalidTransition, NotAllowed, ValidationFailed
from tickets.models import Activity, Status

LAURA = Requester("laura@example.com")
STRANGER = Requester("otra@example.com")


@pytest.fixture
def solved(ticket, mesa_user):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="RESUELTO")
    ticket.refresh_from_db()
    return ticket


def test_confirm_closes_a_solved_ticket_as_the_requester(solved):
    activity = services.ticket_requester_confirm(actor=LAURA, ticket=solved)
    solved.refresh_from_db()
    assert solved.status == Status.CERRADO and solved.resolved_at is not None
    assert activity.type == "statusUpdated" and activity.public
    assert activity.data["status"] == Status.CERRADO
    assert activity.data["previousAttributes"] == {"status": Status.RESUELTO}
    assert activity.data["confirmedByRequester"] is True
    assert activity.actor_snapshot["rol"] == "ANONIMO"
    assert activity.actor_snapshot["nombre"] == "Laura Gómez"


def test_still_fails_reopens_with_the_reason_as_a_public_comment(solved):
    comment = services.ticket_requester_reopen(actor=LAURA, ticket=solved, reason="No enciende")
    solved.refresh_from_db()
    assert solved.status == Status.EN_PROCESO and solved.resolved_at is None
    status_entry = Activity.objects.filter(ticket=solved, type="statusUpdated").last()
    assert status_entry.data["previousAttributes"]["status"] == Status.RESUELTO
    assert status_entry.actor_snapshot["rol"] == "ANONIMO"
    assert (comment.type, comment.public) == ("comment", True)
    assert comment.data == {"text": "No enciende"}
    assert comment.created_at > status_entry.created_at


@pytest.mark.parametrize("status", ["NUEVO", "EN_PROCESO", "PAUSADO", "CERRADO"])
def test_confirm_and_still_fails_need_a_solved_ticket(ticket, mesa_user, status):
    if status != "NUEVO":
        services.ticket_change_status(actor=mesa_user, ticket=ticket, status=status)
    with pytest.raises(InvalidTransition):
        services.ticket_requester_confirm(actor=LAURA, ticket=ticket)
    with pytest.raises(InvalidTransition):
        services.ticket_requester_reopen(actor=LAURA, ticket=ticket, reason="Sigue mal")
    ticket.refresh_from_db()
    assert ticket.status == status


def test_nobody_else_may_confirm_or_reopen_as_the_requester(solved, users):
    for actor in [STRANGER, *users.values()]:
        with pytest.raises(NotAllowed):
            services.ticket_requester_confirm(actor=actor, ticket=solved)
        with pytest.raises(NotAllowed):
            services.ticket_requester_reopen(actor=actor, ticket=solved, reason="Sigue mal")
    solved.refresh_from_db()
    assert solved.status == Status.RESUELTO


@pytest.mark.parametrize("reason", ["", "  ", "no", "x" * 1001])
def test_still_fails_needs_a_short_reason(solved, reason):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_requester_reopen(actor=LAURA, ticket=solved, reason=reason)
    assert "reason" in exc.value.errors
    solved.refresh_from_db()
    assert solved.status == Status.RESUELTO
