"""ticket_link / ticket_unlink: two tickets marked as related, symmetric."""

import pytest

from tickets import services
from tickets.errors import NotAllowed, TicketFinal, ValidationFailed
from tickets.models import TicketLink
from tickets.selectors.work import related_tickets

LINK = {"admin": True, "mesa": True, "area_own": True, "area_other": False, "usuario": False}


@pytest.fixture
def pair(make_ticket):
    return make_ticket(), make_ticket()


@pytest.mark.parametrize(("role", "allowed"), list(LINK.items()))
def test_link_and_unlink_follow_the_role_matrix(users, pair, role, allowed):
    a, b = pair
    if not allowed:
        with pytest.raises(NotAllowed):
            services.ticket_link(actor=users[role], ticket_id=a.pk, other_id=b.pk)
        services.ticket_link(actor=users["mesa"], ticket_id=a.pk, other_id=b.pk)
        with pytest.raises(NotAllowed):
            services.ticket_unlink(actor=users[role], ticket_id=a.pk, other_id=b.pk)
        assert TicketLink.objects.count() == 1
        return
    services.ticket_link(actor=users[role], ticket_id=a.pk, other_id=b.pk)
    assert related_tickets(a) == [b] and related_tickets(b) == [a]
    services.ticket_unlink(actor=users[role], ticket_id=b.pk, other_id=a.pk)
    assert related_tickets(a) == [] and related_tickets(b) == []


def test_a_link_is_one_row_either_way_round_and_noted_on_both(users, pair):
    a, b = pair
    services.ticket_link(actor=users["mesa"], ticket_id=b.pk, other_id=a.pk)
    with pytest.raises(ValidationFailed):
        services.ticket_link(actor=users["mesa"], ticket_id=a.pk, other_id=b.pk)
    assert TicketLink.objects.count() == 1
    for ticket, other in ((a, b), (b, a)):
        (note,) = ticket.activities.filter(type="comment")
        assert not note.public
        assert note.data["linked"] == other.label and other.label in note.data["text"]


def test_unlinking_what_is_not_linked_is_refused(users, pair):
    a, b = pair
    with pytest.raises(ValidationFailed):
        services.ticket_unlink(actor=users["mesa"], ticket_id=a.pk, other_id=b.pk)


def test_an_area_agent_cannot_link_to_another_areas_ticket(users, make_ticket, area_b):
    own, other = make_ticket(), make_ticket(area=area_b)
    with pytest.raises(NotAllowed):
        services.ticket_link(actor=users["area_own"], ticket_id=own.pk, other_id=other.pk)
    assert not TicketLink.objects.exists()


def test_a_ticket_is_not_linked_to_itself(users, pair):
    with pytest.raises(ValidationFailed):
        services.ticket_link(actor=users["mesa"], ticket_id=pair[0].pk, other_id=pair[0].pk)


def test_a_cancelled_ticket_takes_no_link(users, pair):
    a, b = pair
    services.ticket_cancel(actor=users["mesa"], ticket=b)
    with pytest.raises(TicketFinal):
        services.ticket_link(actor=users["mesa"], ticket_id=a.pk, other_id=b.pk)
    assert not a.activities.filter(type="comment").exists()


def test_linking_checks_the_version_of_the_page_it_was_sent_from_only(users, pair):
    ticket, other = pair
    services.ticket_comment(actor=users["mesa"], ticket=other, text="Otra versión")
    with services.expecting_version(services.version_of(ticket)):
        services.ticket_link(actor=users["mesa"], ticket_id=ticket.pk, other_id=other.pk)
    assert TicketLink.objects.count() == 1
