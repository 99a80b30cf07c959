"""``ticket_tag_add`` / ``ticket_tag_remove``: normalised names, internal history, the
role matrix (whoever may work the ticket), final tickets refused."""

import pytest

from tickets.errors import NotAllowed, TicketFinal, ValidationFailed
from tickets.models import Activity, ActivityType, Tag, TicketTag
from tickets.services import (
    normalize_tag,
    ticket_cancel,
    ticket_tag_add,
    ticket_tag_remove,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("  Printer ", "printer"),
        ("Printer Jam", "printer-jam"),
        ("printer_jam", "printer-jam"),
        ("VIP!!", "vip"),
        ("--a  --  b--", "a-b"),
        ("Impresión", "impresión"),
    ],
)
def test_names_are_normalised(raw, name):
    assert normalize_tag(raw) == name


@pytest.mark.parametrize("raw", ["", "   ", "!!!", "-", "x" * 41, None, 12])
def test_empty_too_long_or_not_text_is_refused(raw):
    with pytest.raises(ValidationFailed):
        normalize_tag(raw)


def test_adding_a_tag_links_it_and_writes_an_internal_history_entry(ticket, users):
    activity = ticket_tag_add(actor=users["area_own"], ticket=ticket, name="Printer Jam")
    assert list(ticket.tags.values_list("name", flat=True)) == ["printer-jam"]
    assert activity.type == ActivityType.TAGS_UPDATED and activity.public is False
    assert activity.data == {"tags": ["printer-jam"], "previousAttributes": {"tags": []}}
    link = TicketTag.objects.get(ticket=ticket)
    assert link.added_by == users["area_own"]


def test_the_same_tag_is_shared_between_tickets(make_ticket, users):
    a, b = make_ticket(), make_ticket()
    ticket_tag_add(actor=users["mesa"], ticket=a, name="vip")
    ticket_tag_add(actor=users["mesa"], ticket=b, name="VIP")
    assert Tag.objects.count() == 1 and TicketTag.objects.count() == 2


def test_a_tag_the_ticket_has_is_refused_and_writes_nothing(ticket, users):
    ticket_tag_add(actor=users["mesa"], ticket=ticket, name="vip")
    before = Activity.objects.filter(ticket=ticket).count()
    with pytest.raises(ValidationFailed):
        ticket_tag_add(actor=users["mesa"], ticket=ticket, name=" Vip ")
    assert Activity.objects.filter(ticket=ticket).count() == before


def test_removing_keeps_the_tag_for_other_tickets_and_records_before_and_after(make_ticket, users):
    a, b = make_ticket(), make_ticket()
    for t in (a, b):
        ticket_tag_add(actor=users["mesa"], ticket=t, name="vip")
    ticket_tag_add(actor=users["mesa"], ticket=a, name="red")
    activity = ticket_tag_remove(actor=users["mesa"], ticket=a, name="VIP")
    assert activity.data == {"tags": ["red"], "previousAttributes": {"tags": ["red", "vip"]}}
    assert list(a.tags.values_list("name", flat=True)) == ["red"]
    assert list(b.tags.values_list("name", flat=True)) == ["vip"]


def test_removing_a_tag_the_ticket_lacks_is_refused(ticket, users):
    with pytest.raises(ValidationFailed):
        ticket_tag_remove(actor=users["mesa"], ticket=ticket, name="nope")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", True),
        ("mesa", True),
        ("area_own", True),
        ("area_other", False),
        ("usuario", False),
    ],
)
def test_who_may_tag_is_who_may_work_the_ticket(ticket, users, role, allowed):
    for service in (ticket_tag_add, ticket_tag_remove):
        if not allowed:
            with pytest.raises(NotAllowed):
                service(actor=users[role], ticket=ticket, name="vip")
            continue
        service(actor=users[role], ticket=ticket, name="vip")
    assert ticket.tags.exists() is False  # added then removed, or never


def test_a_cancelled_ticket_takes_no_tags(ticket, users):
    ticket_cancel(actor=users["mesa"], ticket=ticket)
    with pytest.raises(TicketFinal):
        ticket_tag_add(actor=users["mesa"], ticket=ticket, name="vip")
