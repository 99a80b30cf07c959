"""Recomputation that leaves no ticket behind (issue 28, items 6–9): a reopened ticket
takes the calendar of now, the time solved does not count, an empty calendar counts
every hour everywhere, a policy moved between areas recomputes both."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from accounts.models import BusinessCalendar, Holiday, WorkingInterval
from tests.sla_fixtures import madrid
from tickets import services
from tickets.models import SlaPolicy, Ticket
from tickets.sla import schedule
from tickets.sla.calendars import CalendarCache, engine_calendars, load_for_area
from tickets.sla.timeline import sla_timeline
from tickets.tasks import sla_recompute_open

pytestmark = pytest.mark.django_db


def reload(ticket) -> Ticket:
    return Ticket.objects.select_related("priority", "area").get(pk=ticket.pk)


@pytest.fixture
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr(schedule, "enqueue", calls.append)
    return calls


def test_a_ticket_reopened_after_a_holiday_was_added_while_solved_takes_the_new_calendar(
    sla_desk, office_calendar, media_policy, make_ticket, users
):
    """The issue's example: Madrid Mon–Fri 08–18, 24 h, opened Fri 15 May 17:00, solved
    17:30; Monday 18 made a holiday while solved; reopened 17:40. Before: due Wed 20 09:00Z
    (the holiday ignored). Now Thursday 21: 09:00Z plus the 10 minutes spent solved, which
    no longer count (item 9) — 09:10Z; through a later reply and the next solution."""
    media_policy.resolution_hours = 24
    media_policy.save()
    ticket = make_ticket()
    assert ticket.sla_due_at == datetime(2026, 5, 20, 9, tzinfo=UTC)
    sla_desk.set(madrid(2026, 5, 15, 17, 30))
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    Holiday.objects.create(calendar=office_calendar, date=date(2026, 5, 18), name="Fiesta")
    sla_desk.set(madrid(2026, 5, 15, 17, 40))
    services.ticket_reopen(actor=users["mesa"], ticket=ticket)
    expected = datetime(2026, 5, 21, 9, 10, tzinfo=UTC)
    assert reload(ticket).sla_due_at == expected
    sla_desk.set(madrid(2026, 5, 19, 9))
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Seguimos", public=True)
    assert reload(ticket).sla_due_at == expected
    sla_desk.set(madrid(2026, 5, 21, 11, 5))
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    solved = reload(ticket)
    assert solved.sla_due_at == expected and not solved.sla_breached()


def test_time_spent_solved_does_not_count_toward_resolution(sla_desk, make_ticket, users):
    """8 business hours from Fri 17:00 (due Mon 15:00). Solved Mon 09:00, reopened Mon
    11:00: the 2 hours solved move the due date to 17:00, the clock runs again at the
    reopening, and the next solution measures the business time the clock ran."""
    ticket = make_ticket()
    sla_desk.set(madrid(2026, 5, 18, 9))
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    assert reload(ticket).resolution_business_minutes == 120
    sla_desk.set(madrid(2026, 5, 18, 11))
    services.ticket_reopen(actor=users["mesa"], ticket=ticket)
    reopened = reload(ticket)
    assert reopened.sla_due_at == madrid(2026, 5, 18, 17)
    assert reopened.sla_paused_seconds == 2 * 3600 and reopened.sla_paused_at is None
    sla_desk.set(madrid(2026, 5, 18, 16))
    assert reopened.sla_remaining_hours() == 1.0 and not reopened.sla_breached()
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    solved = reload(ticket)
    assert solved.resolution_business_minutes == 7 * 60  # 1 + 1 + 5 h, not the 2 h solved
    assert not solved.sla_breached()


def test_the_sla_card_shows_the_time_solved_like_a_pause(sla_desk, make_ticket, users):
    ticket = make_ticket()
    sla_desk.set(madrid(2026, 5, 18, 9))
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    sla_desk.set(madrid(2026, 5, 18, 11))
    services.ticket_reopen(actor=users["mesa"], ticket=ticket)
    sla_desk.set(madrid(2026, 5, 18, 12))
    card = sla_timeline(reload(ticket))
    [stop] = card.pauses
    assert (stop.start, stop.end, stop.solved) == (
        madrid(2026, 5, 18, 9),
        madrid(2026, 5, 18, 11),
        True,
    )
    assert stop.business == timedelta(hours=2)
    resolution = card.targets[-1]
    assert resolution.used == timedelta(hours=3)  # Fri 17–18, Mon 08–09 and 11–12
    assert resolution.state == "running"


def _office(calendar):
    WorkingInterval.objects.bulk_create(
        WorkingInterval(calendar=calendar, weekday=day, start=time(8), end=time(18))
        for day in range(5)
    )


def test_an_area_calendar_without_working_hours_counts_every_hour_everywhere(
    frozen, area_a, make_ticket, users
):
    """The documented meaning (docs/sla.md): a calendar with no working hours counts every
    hour. Before: at creation the area fell back to the default calendar (office hours),
    after a recomputation it was 24×7."""
    default = BusinessCalendar.objects.get(is_default=True)
    default.intervals.all().delete()
    _office(default)
    empty = BusinessCalendar.objects.create(name="Sin horario", time_zone="Europe/Madrid")
    area_a.calendar = empty
    area_a.save()
    ticket = make_ticket()  # MEDIA, 24 h, Friday 17:00
    assert ticket.sla_due_at == frozen.now + timedelta(hours=24)
    row, calendar = load_for_area(area_a)
    assert row == empty and calendar.always
    assert CalendarCache().calendar(area_a.pk).always
    assert engine_calendars().for_area(area_a).always
    services.ticket_sla_recompute(ticket=ticket)
    assert reload(ticket).sla_due_at == frozen.now + timedelta(hours=24)
    assert sla_timeline(reload(ticket)).calendar_name == "Sin horario"


@pytest.mark.django_db(transaction=True)
def test_moving_a_policy_to_another_area_recomputes_the_old_areas_tickets_too(
    queued, frozen, area_a, area_b, make_ticket, priorities
):
    policy = SlaPolicy.objects.create(priority=priorities["MEDIA"], area=area_a, resolution_hours=4)
    in_a = make_ticket(area=area_a)
    in_b = make_ticket(area=area_b)
    assert in_a.sla_due_at == frozen.now + timedelta(hours=4)
    assert in_b.sla_due_at == frozen.now + timedelta(hours=24)
    queued.clear()
    policy.area = area_b
    policy.save()
    assert queued == [sorted([area_a.pk, area_b.pk])]
    assert sla_recompute_open(*queued) == 2
    assert reload(in_a).sla_due_at == frozen.now + timedelta(hours=24)  # MEDIA's own 24 h
    assert reload(in_b).sla_due_at == frozen.now + timedelta(hours=4)
