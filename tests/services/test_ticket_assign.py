import pytest

from tickets import services
from tickets.errors import InvalidTransition, NotAllowed, ValidationFailed
from tickets.models import Status


def test_assign_moves_to_assigned_and_records_previous_assignee(ticket, mesa_user, area_a_user):
    activity = services.ticket_assign(
        actor=mesa_user, ticket=ticket, assignee=area_a_user, reason="Especialista"
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.ASIGNADO
    assert ticket.assignee == area_a_user
    assert ticket.assignee_membership.user == area_a_user
    assert activity.type == "assigneeUpdated"
    assert activity.public is False
    assert activity.data == {
        "status": "ASIGNADO",
        "assignee": str(area_a_user.pk),
        "membershipAssignee": str(ticket.assignee_membership_id),
        "previousAttributes": {"status": "NUEVO", "assignee": None, "membershipAssignee": None},
        "reason": "Especialista",
    }


def test_reassigning_records_the_previous_agent(ticket, mesa_user, admin_user, area_a_user):
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
    activity = services.ticket_assign(actor=admin_user, ticket=ticket, assignee=mesa_user)
    assert activity.data["previousAttributes"]["assignee"] == str(area_a_user.pk)
    assert "status" not in activity.data["previousAttributes"]


def test_unassigning_keeps_the_status(ticket, mesa_user, area_a_user):
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
    activity = services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=None)
    ticket.refresh_from_db()
    assert ticket.assignee is None and ticket.status == Status.ASIGNADO
    assert activity.data["assignee"] is None


def test_agent_of_another_area_cannot_be_assigned(ticket, mesa_user, area_b_user):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_b_user)
    assert "assignee" in exc.value.errors
    assert ticket.activities.count() == 1


def test_requester_cannot_be_assigned(ticket, mesa_user, requester):
    with pytest.raises(ValidationFailed):
        services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=requester)


def test_area_agent_cannot_assign_even_in_own_area(ticket, area_a_user):
    with pytest.raises(NotAllowed):
        services.ticket_assign(actor=area_a_user, ticket=ticket, assignee=area_a_user)


def test_solved_ticket_must_be_reopened_before_assigning(ticket, mesa_user, area_a_user):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="RESUELTO")
    with pytest.raises(InvalidTransition):
        services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
