"""The report's durations are the SLA engine's business minutes: a pause is not counted,
nights and weekends of the area's calendar are not counted; a recomputation of the open
tickets after a policy or calendar change moves their report counts too."""

from datetime import date, time, timedelta

import pytest
from django.core.management import call_command

from accounts.models import WorkingInterval
from reports import figures
from reports.models import DailyBreakdown, DailyDuration, Metric
from tests.reports.test_rollups_kept_by_services import snapshot
from tests.sla_fixtures import madrid
from tickets import services

pytestmark = pytest.mark.django_db
# Desk days (America/Bogota) of the frozen clock: Friday 15 May to Monday 18 May 2026.
PERIOD = figures.Period(date(2026, 5, 15), date(2026, 5, 18))


def durations(user) -> dict:
    report = figures.build(user, PERIOD)
    return {d["metric"]: (d["count"], d["median"]) for d in report.durations}


def medium(report) -> dict:
    return next(r for r in report.sla["priority"] if r["name"] == "MEDIA")


def test_a_paused_period_is_not_counted_in_the_resolution_time(sla_desk, ticket, users):
    agent = users["area_own"]  # Friday 17:00, office hours Mon–Fri 08–18 (Madrid)
    sla_desk.set(madrid(2026, 5, 18, 9))
    services.ticket_pause(actor=agent, ticket=ticket, reason="Esperando repuesto")
    sla_desk.set(madrid(2026, 5, 18, 12))
    services.ticket_change_status(actor=agent, ticket=ticket, status="EN_PROCESO")
    sla_desk.set(madrid(2026, 5, 18, 14))
    services.ticket_change_status(actor=agent, ticket=ticket, status="RESUELTO")
    # Friday 17–18 (60) + Monday 08–14 (360) − the pause 09–12 (180); the wall clock: 69 h.
    ticket.refresh_from_db()
    assert ticket.resolution_business_minutes == 240
    assert durations(users["mesa"])["resolution"] == (1, 240)
    assert DailyDuration.objects.get(metric=Metric.RESOLUTION).minutes == 240
    kept = snapshot()
    call_command("rebuild_report_rollups", verbosity=0)
    assert snapshot() == kept


def test_the_first_response_counts_business_minutes_and_its_target(sla_desk, ticket, users):
    sla_desk.set(madrid(2026, 5, 18, 8, 30))  # due Friday 18:00: missed
    services.ticket_comment(actor=users["area_own"], ticket=ticket, text="Vamos para allá.")
    report = figures.build(users["mesa"], PERIOD)
    assert durations(users["mesa"])["first_response"] == (1, 90)  # Fri 17–18, Mon 08–08:30
    assert (medium(report)["response_met"], medium(report)["response_missed"]) == (0, 1)


def test_a_policy_change_recomputes_the_open_tickets_report_counts(
    sla_desk, ticket, users, media_policy
):
    sla_desk.set(madrid(2026, 5, 18, 8, 30))
    services.ticket_comment(actor=users["area_own"], ticket=ticket, text="Vamos para allá.")
    assert DailyBreakdown.objects.get(response_missed=1)
    media_policy.first_response_minutes = 120  # due Monday 09:00 now: met
    media_policy.save()
    changed, _last = services.tickets_sla_recompute()  # what the background task runs
    assert changed == 1
    report = figures.build(users["mesa"], PERIOD)
    assert (medium(report)["response_met"], medium(report)["response_missed"]) == (1, 0)
    kept = snapshot()
    call_command("rebuild_report_rollups", verbosity=0)
    assert snapshot() == kept


def test_a_calendar_change_recomputes_the_open_tickets_business_minutes(
    sla_desk, ticket, users, office_calendar
):
    sla_desk.set(madrid(2026, 5, 18, 8, 30))
    services.ticket_comment(actor=users["area_own"], ticket=ticket, text="Vamos para allá.")
    assert durations(users["mesa"])["first_response"] == (1, 90)
    # Fridays end at 17:00 now: only Monday 08:00–08:30 counted.
    WorkingInterval.objects.filter(calendar=office_calendar, weekday=4).update(end=time(17))
    services.tickets_sla_recompute(area_ids=[ticket.area_id])
    assert durations(users["mesa"])["first_response"] == (1, 30)
    kept = snapshot()
    call_command("rebuild_report_rollups", verbosity=0)
    assert snapshot() == kept


def test_an_area_agent_does_not_count_another_areas_durations(sla_desk, make_ticket, users, area_b):
    own, other = make_ticket(), make_ticket(area=area_b)
    sla_desk.move(timedelta(hours=1))
    services.ticket_change_status(actor=users["area_own"], ticket=own, status="RESUELTO")
    sla_desk.move(timedelta(hours=1))
    services.ticket_change_status(actor=users["area_other"], ticket=other, status="RESUELTO")
    # Own: Friday 17–18 in office hours; the other area counts every hour (24×7): 120.
    assert durations(users["area_own"])["resolution"] == (1, 60)
    assert durations(users["mesa"])["resolution"][0] == 2
