"""ticket_take: "assign to me" for every agent who may work the ticket."""

import pytest

from tickets import services
from tickets.errors import InvalidTransition, NotAllowed, ValidationFailed
from tickets.models import ActivityType, Status

# role -> may take a ticket of area A
TAKE = {"admin": True, "mesa": True, "area_own": True, "area_other": False, "usuario": False}


@pytest.mark.parametrize(("role", "allowed"), list(TAKE.items()))
def test_take_follows_the_role_matrix(users, ticket, role, allowed):
    if not allowed:
        with pytest.raises(NotAllowed):
            services.ticket_take(actor=users[role], ticket_id=ticket.pk)
        ticket.refresh_from_db()
        assert ticket.assignee is None
        return
    activity = services.ticket_take(actor=users[role], ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert ticket.assignee == users[role]
    assert ticket.status == Status.ASIGNADO  # a new ticket is now being worked
    assert activity.type == ActivityType.ASSIGNEE_UPDATED and activity.public is False
    assert activity.data["assignee"] == str(users[role].pk)
    assert activity.data["previousAttributes"]["assignee"] is None


def test_an_anonymous_user_cannot_take(ticket):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        services.ticket_take(actor=AnonymousUser(), ticket_id=ticket.pk)


def test_taking_a_ticket_in_progress_keeps_its_status(users, ticket):
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="EN_PROCESO")
    services.ticket_take(actor=users["admin"], ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == (Status.EN_PROCESO, users["admin"])


def test_taking_from_another_agent_records_who_had_it(users, ticket):
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["mesa"])
    activity = services.ticket_take(actor=users["area_own"], ticket_id=ticket.pk)
    assert activity.data["previousAttributes"]["assignee"] == str(users["mesa"].pk)


def test_taking_your_own_ticket_again_is_refused(users, ticket):
    services.ticket_take(actor=users["mesa"], ticket_id=ticket.pk)
    with pytest.raises(ValidationFailed):
        services.ticket_take(actor=users["mesa"], ticket_id=ticket.pk)
    assert ticket.activities.filter(type=ActivityType.ASSIGNEE_UPDATED).count() == 1


def test_a_terminal_ticket_cannot_be_taken(users, ticket):
    services.ticket_cancel(actor=users["mesa"], ticket=ticket)
    with pytest.raises(InvalidTransition):
        services.ticket_take(actor=users["area_own"], ticket_id=ticket.pk)
