"""An AREA agent who changes the status of an unassigned ticket of its own area becomes
its assignee, recorded in the same history entry — through every way in."""

import pytest

from tickets import services
from tickets.models import ActivityType, Status


def _claimed(ticket, agent) -> None:
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    entry = ticket.activities.filter(type=ActivityType.STATUS_UPDATED).latest("created_at")
    assert entry.data["assignee"] == str(agent.pk)
    assert entry.data["previousAttributes"]["assignee"] is None


@pytest.mark.parametrize(
    "move",
    [
        lambda u, t: services.ticket_change_status(actor=u, ticket=t, status="RESUELTO"),
        lambda u, t: services.ticket_update(actor=u, ticket=t, status="EN_PROCESO"),
        lambda u, t: services.ticket_pause(actor=u, ticket=t),
        lambda u, t: services.ticket_reply(actor=u, ticket=t, text="Ya está.", status="RESUELTO"),
    ],
    ids=["change_status", "update", "pause", "reply"],
)
def test_area_agent_moving_an_unassigned_ticket_takes_it(users, ticket, move):
    move(users["area_own"], ticket)
    _claimed(ticket, users["area_own"])


def test_an_assigned_ticket_keeps_its_assignee(users, ticket):
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["mesa"])
    services.ticket_change_status(actor=users["area_own"], ticket=ticket, status="RESUELTO")
    ticket.refresh_from_db()
    assert ticket.assignee == users["mesa"]


@pytest.mark.parametrize("role", ["admin", "mesa"])
def test_the_desk_moving_a_ticket_does_not_take_it(users, ticket, role):
    services.ticket_change_status(actor=users[role], ticket=ticket, status="RESUELTO")
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_changing_only_the_priority_does_not_take_it(users, ticket):
    services.ticket_update(actor=users["area_own"], ticket=ticket, priority="ALTA")
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_moving_it_to_another_area_does_not_take_it(users, ticket, area_b):
    services.ticket_update(actor=users["area_own"], ticket=ticket, status="EN_PROCESO", area=area_b)
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (None, Status.EN_PROCESO)
