"""The beat task ``tickets.sla_alerts`` with a frozen clock: one ``warning`` and one
``breach`` per ticket, never repeated, none once the clock stopped."""

from datetime import UTC, timedelta

import pytest

from tickets import events, services
from tickets.models import Activity, ActivityType, Ticket
from tickets.tasks import sla_alerts

pytestmark = pytest.mark.django_db


def alerts(ticket) -> list[str]:
    rows = Activity.objects.filter(ticket=ticket, type=ActivityType.SLA_ALERT)
    return [a.data["kind"] for a in rows.order_by("created_at")]


def test_each_ticket_gets_one_warning_then_one_breach_and_never_again(clock, make_ticket):
    ticket = make_ticket(priority="URGENTE")  # due in 4 h
    other = make_ticket(priority="ALTA")  # due in 8 h
    assert sla_alerts() == {"warning": 0, "breach": 0, "firstResponseBreach": 0}

    clock.move(timedelta(hours=3, minutes=1))  # 59 min before the first is due
    assert sla_alerts() == {"warning": 1, "breach": 0, "firstResponseBreach": 0}
    for _ in range(3):
        clock.move(timedelta(minutes=1))
        assert sla_alerts() == {"warning": 0, "breach": 0, "firstResponseBreach": 0}
    assert alerts(ticket) == ["warning"] and alerts(other) == []

    clock.move(timedelta(hours=1))  # the first is past due
    assert sla_alerts() == {"warning": 0, "breach": 1, "firstResponseBreach": 0}
    clock.move(timedelta(hours=3, minutes=30))  # the second within its hour
    assert sla_alerts() == {"warning": 1, "breach": 0, "firstResponseBreach": 0}
    clock.move(timedelta(hours=1))
    assert sla_alerts() == {"warning": 0, "breach": 1, "firstResponseBreach": 0}
    for _ in range(5):
        clock.move(timedelta(hours=6))
        assert sla_alerts() == {"warning": 0, "breach": 0, "firstResponseBreach": 0}

    assert alerts(ticket) == ["warning", "breach"]
    assert alerts(other) == ["warning", "breach"]


def test_alert_is_an_internal_system_entry_with_kind_and_due(clock, ticket):
    clock.set(ticket.sla_due_at - timedelta(minutes=30))
    sla_alerts()
    entry = Activity.objects.get(ticket=ticket, type=ActivityType.SLA_ALERT)
    assert entry.public is False
    assert entry.actor_id is None and entry.actor_snapshot["rol"] == "SISTEMA"
    due = ticket.sla_due_at.astimezone(UTC)
    assert entry.data == {"kind": "warning", "due": due.isoformat().replace("+00:00", "Z")}
    ticket.refresh_from_db()
    assert ticket.sla_warned_at == clock.now
    assert ticket.updated_at < clock.now  # an alert is not an edit of the ticket


def test_a_ticket_first_seen_past_due_gets_only_the_breach(clock, ticket):
    clock.set(ticket.sla_due_at + timedelta(minutes=5))
    assert sla_alerts() == {"warning": 0, "breach": 1, "firstResponseBreach": 0}
    clock.move(timedelta(days=2))
    assert sla_alerts() == {"warning": 0, "breach": 0, "firstResponseBreach": 0}
    assert alerts(ticket) == ["breach"]


@pytest.mark.parametrize("operation", ["solve", "cancel", "archive"])
def test_stopped_clock_gets_no_alert(clock, ticket, admin_user, operation):
    if operation == "solve":
        services.ticket_change_status(actor=admin_user, ticket=ticket, status="RESUELTO")
    elif operation == "cancel":
        services.ticket_cancel(actor=admin_user, ticket=ticket)
    else:
        services.ticket_archive(actor=admin_user, ticket=ticket)
    clock.set(ticket.sla_due_at - timedelta(minutes=10))
    assert sla_alerts() == {"warning": 0, "breach": 0, "firstResponseBreach": 0}
    clock.move(timedelta(hours=2))
    assert sla_alerts() == {"warning": 0, "breach": 0, "firstResponseBreach": 0}
    assert alerts(ticket) == []


def test_paused_ticket_stops_its_clock_and_breaches_after_the_moved_due_time(
    clock, ticket, admin_user
):
    due = ticket.sla_due_at
    clock.move(timedelta(hours=1))
    services.ticket_pause(actor=admin_user, ticket=ticket)
    clock.set(due + timedelta(minutes=1))
    # paused: the clock does not run
    assert sla_alerts() == {"warning": 0, "breach": 0, "firstResponseBreach": 0}
    services.ticket_reopen(actor=admin_user, ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.sla_due_at == due + (clock.now - (due - timedelta(hours=ticket.sla_hours - 1)))
    clock.set(ticket.sla_due_at + timedelta(minutes=1))
    assert sla_alerts()["breach"] == 1


def test_warning_window_follows_the_setting(clock, ticket, settings):
    settings.HELPDESK_SLA_WARNING = timedelta(hours=3)
    clock.set(ticket.sla_due_at - timedelta(hours=2, minutes=59))
    assert sla_alerts()["warning"] == 1


def test_each_alert_is_announced_once_through_the_events_hook(clock, ticket):
    heard = []
    events.subscribe(heard.append, phase=events.IN_TRANSACTION)
    try:
        clock.set(ticket.sla_due_at - timedelta(minutes=1))
        sla_alerts()
        sla_alerts()
        clock.move(timedelta(minutes=2))
        sla_alerts()
        sla_alerts()
    finally:
        events.unsubscribe(heard.append, phase=events.IN_TRANSACTION)
    assert [(e.kind, e.data["kind"], e.public) for e in heard] == [
        (events.SLA_ALERT, "warning", False),
        (events.SLA_ALERT, "breach", False),
    ]
    assert all(e.ticket_id == str(ticket.pk) and e.actor_id is None for e in heard)


def test_a_run_costs_a_fixed_number_of_queries_when_nothing_is_due(
    clock, make_ticket, django_assert_num_queries
):
    for _ in range(5):
        make_ticket()
    sla_alerts()  # caches the business calendars (the warning window is business time)
    with django_assert_num_queries(3):  # the three candidate lists (first response: issue 28)
        sla_alerts()
    assert Ticket.objects.filter(sla_warned_at__isnull=False).count() == 0


def test_a_first_response_nobody_gave_is_alerted_once_like_a_breach(sla_desk, make_ticket, users):
    """Issue 28 item 10: first response due Friday 18:00 (1 business hour). Unanswered at
    18:01: one ``firstResponseBreach`` entry (internal, the due time in it), a "SLA
    breached" notification to the area's agents, never repeated; an answered ticket gets
    none."""
    from notifications.models import Kind, Notification

    ticket, answered = make_ticket(), make_ticket()
    services.ticket_comment(actor=users["mesa"], ticket=answered, text="Visto", public=True)
    Notification.objects.all().delete()
    sla_desk.set(sla_desk.now + timedelta(minutes=61))
    assert sla_alerts() == {"warning": 0, "breach": 0, "firstResponseBreach": 1}
    assert sla_alerts() == {"warning": 0, "breach": 0, "firstResponseBreach": 0}
    [entry] = Activity.objects.filter(ticket=ticket, type=ActivityType.SLA_ALERT)
    assert entry.data == {"kind": "firstResponseBreach", "due": "2026-05-15T16:00:00Z"}
    assert not entry.public
    assert alerts(answered) == []
    assert Ticket.objects.get(pk=ticket.pk).first_response_alerted_at == sla_desk.now
    notified = Notification.objects.filter(ticket=ticket, kind=Kind.SLA_BREACH)
    assert set(notified.values_list("recipient_id", flat=True)) == {users["area_own"].pk}


def test_the_warning_window_is_business_time(sla_desk, make_ticket, users):
    """Office hours, 60-minute window: opened Friday 11:00 with 8 business hours, due
    Monday 09:00. At Friday 18:05 one business hour is left (Monday 08–09), though 63 wall
    hours are: it is warned then, as its dot turns red — not on Monday at 08:00."""
    from tests.sla_fixtures import madrid

    sla_desk.set(madrid(2026, 5, 15, 11))
    ticket = make_ticket()
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Visto", public=True)
    sla_desk.set(madrid(2026, 5, 15, 16, 55))  # 2 h 05 min of business time left
    assert sla_alerts()["warning"] == 0
    sla_desk.set(madrid(2026, 5, 15, 18, 5))
    assert sla_alerts()["warning"] == 1
    assert alerts(ticket) == ["warning"]
