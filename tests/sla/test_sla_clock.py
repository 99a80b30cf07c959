"""The SLA columns the services keep: due dates in business time, pauses, targets."""

from datetime import date, timedelta

import pytest

from accounts.models import Holiday
from tests.sla_fixtures import madrid
from tickets import services
from tickets.models import Ticket
from tickets.sla import clock as sla_clock
from tickets.sla.calendars import calendar_for_area, targets_for

pytestmark = pytest.mark.django_db


def reload(ticket) -> Ticket:
    return Ticket.objects.select_related("priority", "area").get(pk=ticket.pk)


def test_created_friday_1700_with_8_business_hours_is_due_monday_1500(sla_desk, make_ticket):
    ticket = make_ticket()
    assert ticket.sla_due_at == madrid(2026, 5, 18, 15)
    assert ticket.first_response_due_at == madrid(2026, 5, 15, 18)
    assert (ticket.sla_resolution_minutes, ticket.sla_first_response_minutes) == (480, 60)
    assert ticket.sla_hours == 8


def test_a_holiday_on_that_monday_moves_it_to_tuesday_1500(sla_desk, office_calendar, make_ticket):
    Holiday.objects.create(calendar=office_calendar, date=date(2026, 5, 18), name="Fiesta")
    assert make_ticket().sla_due_at == madrid(2026, 5, 19, 15)


def test_without_calendar_nor_policy_the_desk_counts_calendar_hours_as_before(
    frozen, make_ticket, priorities
):
    ticket = make_ticket()
    assert ticket.sla_due_at == frozen.now + timedelta(hours=priorities["MEDIA"].sla_hours)
    assert ticket.first_response_due_at is None


def test_a_3_business_hour_pause_moves_the_due_dates_3_business_hours(sla_desk, make_ticket, users):
    ticket = make_ticket()
    sla_desk.set(madrid(2026, 5, 18, 9))
    services.ticket_pause(actor=users["mesa"], ticket=ticket, reason="Esperando repuesto")
    paused = reload(ticket)
    assert paused.sla_paused_at == madrid(2026, 5, 18, 9)
    sla_desk.set(madrid(2026, 5, 18, 12))
    services.ticket_reopen(actor=users["mesa"], ticket=ticket)
    resumed = reload(ticket)
    assert resumed.sla_due_at == madrid(2026, 5, 18, 18)
    assert resumed.sla_paused_at is None and resumed.sla_paused_seconds == 3 * 3600
    # the first response was due Friday 18:00, before the pause: it does not move
    assert resumed.first_response_due_at == madrid(2026, 5, 15, 18)


def test_while_paused_the_clock_is_frozen_and_never_breaches(sla_desk, make_ticket, users):
    ticket = make_ticket()
    # answered in time: the first response is not what this is about
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Visto", public=True)
    sla_desk.set(madrid(2026, 5, 18, 14))  # 1 business hour left
    services.ticket_pause(actor=users["mesa"], ticket=ticket)
    sla_desk.set(madrid(2026, 5, 25, 9))  # a week later
    paused = reload(ticket)
    assert paused.sla_remaining_hours() == 1.0
    assert not paused.sla_breached()
    assert (
        not Ticket.objects.filter(pk=ticket.pk)
        .filter(__import__("tickets.selectors", fromlist=["x"]).sla_breached_q(sla_desk.now))
        .exists()
    )
    services.ticket_reopen(actor=users["mesa"], ticket=ticket)
    assert reload(ticket).sla_due_at == madrid(2026, 5, 25, 10)


def test_pausing_an_overdue_ticket_keeps_it_breached(sla_desk, make_ticket, users):
    ticket = make_ticket()
    sla_desk.set(madrid(2026, 5, 18, 16))  # an hour past due
    services.ticket_pause(actor=users["mesa"], ticket=ticket)
    assert reload(ticket).sla_breached()
    sla_desk.set(madrid(2026, 5, 19, 9))
    services.ticket_reopen(actor=users["mesa"], ticket=ticket)
    assert reload(ticket).sla_due_at == madrid(2026, 5, 18, 15)


def test_a_priority_change_recomputes_from_the_history_with_the_new_target(
    sla_desk, make_ticket, users
):
    ticket = make_ticket()
    sla_desk.set(madrid(2026, 5, 18, 9))
    services.ticket_pause(actor=users["mesa"], ticket=ticket)
    sla_desk.set(madrid(2026, 5, 18, 11))
    services.ticket_reopen(actor=users["mesa"], ticket=ticket)
    sla_desk.set(madrid(2026, 5, 18, 12))
    services.ticket_reclassify(actor=users["mesa"], ticket=ticket, priority="URGENTE")
    changed = reload(ticket)
    # URGENTE has no policy: its 4 SLA hours, in business time, the 2 paused hours skipped
    assert changed.sla_resolution_minutes == 240 and changed.sla_hours == 4
    assert changed.sla_due_at == madrid(2026, 5, 18, 13)
    assert changed.first_response_due_at is None


def test_an_area_change_takes_the_new_areas_calendar(sla_desk, make_ticket, users, area_b):
    ticket = make_ticket()
    sla_desk.set(madrid(2026, 5, 16, 10))  # Saturday
    services.ticket_transfer(actor=users["mesa"], ticket=ticket, area=area_b)
    # area B has no calendar: the default (24×7) one, from Friday 17:00, 8 h
    assert reload(ticket).sla_due_at == madrid(2026, 5, 16, 1)


def test_solving_stores_the_business_minutes_and_reopening_clears_them(
    sla_desk, make_ticket, users
):
    ticket = make_ticket()
    sla_desk.set(madrid(2026, 5, 18, 9, 30))
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    solved = reload(ticket)
    assert solved.resolution_business_minutes == 150  # Fri 17–18 + Mon 08–09:30
    services.ticket_reopen(actor=users["mesa"], ticket=ticket)
    assert reload(ticket).resolution_business_minutes is None


def test_stored_columns_equal_a_recomputation_from_the_history(sla_desk, make_ticket, users):
    ticket = make_ticket()
    for hour, op in ((9, "pause"), (12, "reopen"), (13, "pause"), (15, "reopen")):
        sla_desk.set(madrid(2026, 5, 18, hour))
        getattr(services, f"ticket_{op}")(actor=users["mesa"], ticket=ticket)
    stored = reload(ticket)
    fresh = reload(ticket)
    sla_clock.recompute_from_history(
        fresh, calendar_for_area(fresh.area), targets_for(fresh.priority, fresh.area)
    )
    assert [getattr(fresh, f) for f in sla_clock.SLA_FIELDS] == [
        getattr(stored, f) for f in sla_clock.SLA_FIELDS
    ]
