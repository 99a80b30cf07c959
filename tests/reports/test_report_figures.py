"""The report's figures equal what the tickets say, computed here with independent queries
over the tickets and their history, for a generated month; per area, an AREA agent's
report counts its own area only."""

import math
from datetime import datetime, time, timedelta

import pytest
from django.db.models import Count, F, Min, Q
from django.db.models.functions import TruncDate

from accounts.models import AGENT_ROLES
from reports import figures
from reports.facts import desk_day
from surveys.models import Rating
from tests.reports.conftest import zone
from tickets.models import Activity, Status, Ticket, TicketTag
from tickets.workflow import OPEN_STATUSES


def bounds(start, end):
    return (
        datetime.combine(start, time.min, tzinfo=zone()),
        datetime.combine(end + timedelta(1), time.min, tzinfo=zone()),
    )


def per_day(qs, column):
    rows = qs.annotate(d=TruncDate(column, tzinfo=zone())).values("d").annotate(n=Count("pk"))
    return {r["d"]: r["n"] for r in rows}


def nearest_rank(values, p):
    values = sorted(values)
    return values[max(1, math.ceil(p * len(values))) - 1] if values else None


def left_before(moment):
    stopped = [Status.CANCELADO, Status.ARCHIVADO]
    return Q(resolved_at__lt=moment) | Q(
        resolved_at__isnull=True, status__in=stopped, status_updated_at__lt=moment
    )


def past_due(column, now):
    """The clock (stopped where it stopped: solved, cancelled, archived, paused) is past
    ``column``."""
    stopped = [Status.CANCELADO, Status.ARCHIVADO]
    return (
        Q(resolved_at__gt=F(column))
        | Q(resolved_at__isnull=True, status__in=stopped, status_updated_at__gt=F(column))
        | Q(resolved_at__isnull=True, sla_paused_at__gt=F(column)) & ~Q(status__in=stopped)
        | Q(resolved_at__isnull=True, sla_paused_at__isnull=True, **{f"{column}__lt": now})
        & ~Q(status__in=stopped)
    )


def expected(tickets, start, end):
    """Every figure of the report, from the tickets (``tickets``: a ticket queryset)."""
    since, until = bounds(start, end)
    opened = per_day(tickets.filter(created_at__gte=since, created_at__lt=until), "created_at")
    solved_qs = tickets.filter(resolved_at__gte=since, resolved_at__lt=until)
    solved = per_day(solved_qs, "resolved_at")
    days = [start + timedelta(n) for n in range((end - start).days + 1)]
    backlog = {}
    for day in days:
        _s, day_end = bounds(day, day)
        backlog[day] = tickets.filter(created_at__lt=day_end).exclude(left_before(day_end)).count()
    # Business minutes, pauses not counted: the SLA engine's columns.
    resolution = list(solved_qs.values_list("resolution_business_minutes", flat=True))
    answered = tickets.filter(first_responded_at__gte=since, first_responded_at__lt=until)
    first_response = list(answered.values_list("first_response_business_minutes", flat=True))
    # Issue 28: a target met counts on the day it was met; missed, on the day its due time
    # passed without it (solved or answered later, or not at all yet).
    now = datetime.now(tz=zone())
    met = solved_qs.filter(resolved_at__lte=F("sla_due_at"))
    missed = tickets.filter(sla_due_at__gte=since, sla_due_at__lt=until).filter(
        past_due("sla_due_at", now)
    )
    with_target = tickets.filter(first_response_due_at__isnull=False)
    answered_in_time = with_target.filter(
        first_responded_at__gte=since,
        first_responded_at__lt=until,
        first_responded_at__lte=F("first_response_due_at"),
    )
    unanswered = with_target.filter(first_responded_at__isnull=True)
    stopped_in_time = unanswered.filter(
        Q(
            resolved_at__gte=since,
            resolved_at__lt=until,
            resolved_at__lte=F("first_response_due_at"),
        )
        | Q(
            resolved_at__isnull=True,
            status__in=[Status.CANCELADO, Status.ARCHIVADO],
            status_updated_at__gte=since,
            status_updated_at__lt=until,
            status_updated_at__lte=F("first_response_due_at"),
        )
    )
    response_missed = with_target.filter(
        first_response_due_at__gte=since, first_response_due_at__lt=until
    ).filter(
        Q(first_responded_at__gt=F("first_response_due_at"))
        | Q(first_responded_at__isnull=True) & past_due("first_response_due_at", now)
    )
    parts = (met, missed, answered_in_time, stopped_in_time, response_missed)
    names = {name for qs in parts for name in qs.values_list("priority__name", flat=True)}
    sla = {
        name: (
            met.filter(priority__name=name).count(),
            missed.filter(priority__name=name).count(),
            answered_in_time.filter(priority__name=name).count()
            + stopped_in_time.filter(priority__name=name).count(),
            response_missed.filter(priority__name=name).count(),
        )
        for name in names
    }
    ratings = Rating.objects.filter(ticket__in=tickets, created_at__gte=since, created_at__lt=until)
    categories = dict(
        tickets.filter(created_at__gte=since, created_at__lt=until)
        .exclude(categoria="")
        .values("categoria")
        .annotate(n=Count("pk"))
        .values_list("categoria", "n")
    )
    tags = dict(
        TicketTag.objects.filter(
            ticket__in=tickets, ticket__created_at__gte=since, ticket__created_at__lt=until
        )
        .values("tag__name")
        .annotate(n=Count("pk"))
        .values_list("tag__name", "n")
    )
    today = desk_day(datetime.now(tz=zone()))
    ages = [0] * len(figures.AGE_BUCKETS)
    for created in tickets.filter(status__in=OPEN_STATUSES).values_list("created_at", flat=True):
        age = (today - desk_day(created)).days
        for i, (_l, lo, hi) in enumerate(figures.AGE_BUCKETS):
            if age >= lo and (hi is None or age < hi):
                ages[i] += 1
    return {
        "per_day": [
            {
                "day": d,
                "opened": opened.get(d, 0),
                "solved": solved.get(d, 0),
                "backlog": backlog[d],
            }
            for d in days
        ],
        "resolution": (
            len(resolution),
            nearest_rank(resolution, 0.5),
            nearest_rank(resolution, 0.9),
        ),
        "first_response": (
            len(first_response),
            nearest_rank(first_response, 0.5),
            nearest_rank(first_response, 0.9),
        ),
        "sla": sla,
        "csat": (ratings.filter(score="good").count(), ratings.filter(score="bad").count()),
        "comments": sorted(ratings.exclude(comment="").values_list("comment", flat=True)),
        "categories": categories,
        "tags": tags,
        "ages": ages,
        "open_now": tickets.filter(status__in=OPEN_STATUSES).count(),
    }


def check(report, want):
    assert report.per_day == want["per_day"]
    durations = {d["metric"]: (d["count"], d["median"], d["p90"]) for d in report.durations}
    assert durations["resolution"] == want["resolution"]
    assert durations["first_response"] == want["first_response"]
    got = {
        r["name"]: (r["met"], r["missed"], r["response_met"], r["response_missed"])
        for r in report.sla["priority"]
    }
    assert got == want["sla"]
    assert (report.csat["good"], report.csat["bad"]) == want["csat"]
    assert sorted(r.comment for r in report.comments) == want["comments"]
    assert {c["name"]: c["count"] for c in report.categories} == want["categories"]
    assert {t["name"]: t["count"] for t in report.tags} == want["tags"]
    assert [a["count"] for a in report.ages] == want["ages"]
    assert report.totals["open_now"] == want["open_now"]


def test_the_generated_month_has_every_kind_of_figure(month, area_a):
    want = expected(Ticket.objects.all(), month["start"], month["end"])
    assert sum(d["opened"] for d in want["per_day"]) > 30
    assert sum(d["solved"] for d in want["per_day"]) > 10
    assert want["resolution"][0] > 10 and want["first_response"][0] > 10
    assert all(sum(v) for v in want["sla"].values()) and want["csat"][0] and want["csat"][1]
    assert want["sla"]["MEDIA"][2] and want["sla"]["MEDIA"][3]  # first response met, missed
    # The stored first response is the first public agent reply of the moved history.
    firsts = dict(
        Activity.objects.filter(
            type="comment", public=True, actor_snapshot__rol__in=[r.value for r in AGENT_ROLES]
        )
        .values("ticket")
        .annotate(first=Min("created_at"))
        .values_list("ticket", "first")
    )
    assert dict(Ticket.objects.filter(pk__in=firsts).values_list("pk", "first_responded_at")) == (
        firsts
    )
    # Area A's office hours: business minutes, not the wall-clock ones, are reported.
    office = Ticket.objects.filter(area=area_a, resolved_at__isnull=False)
    wall = {
        pk: int((solved - created).total_seconds() // 60)
        for pk, created, solved in office.values_list("pk", "created_at", "resolved_at")
    }
    business = dict(office.values_list("pk", "resolution_business_minutes"))
    assert all(business[pk] <= wall[pk] for pk in wall)
    assert any(business[pk] < wall[pk] for pk in wall)
    assert want["comments"] and want["categories"] and want["open_now"]
    assert len(want["tags"]) == 4 and len(set(want["tags"].values())) == 4
    assert len({d["backlog"] for d in want["per_day"]}) > 3


@pytest.mark.parametrize("role", ["admin", "mesa"])
def test_the_desk_report_of_the_month_equals_the_tickets(month, users, role):
    report = figures.build(users[role], figures.Period(month["start"], month["end"]))
    check(report, expected(Ticket.objects.all(), month["start"], month["end"]))


def test_an_areas_report_equals_that_areas_tickets(month, users, area_b):
    period = figures.Period(month["start"], month["end"], area_b.pk)
    report = figures.build(users["mesa"], period)
    check(report, expected(Ticket.objects.filter(area=area_b), month["start"], month["end"]))


def test_an_area_agents_report_counts_only_its_own_area(month, users, area_a):
    report = figures.build(users["area_own"], figures.Period(month["start"], month["end"]))
    own = Ticket.objects.filter(area=area_a)
    assert own.count() < Ticket.objects.count()
    check(report, expected(own, month["start"], month["end"]))
    assert [r["name"] for r in report.sla["area"]] == [area_a.name]


def test_an_area_agent_asking_for_another_area_gets_nothing(month, users, area_b):
    period = figures.Period(month["start"], month["end"], area_b.pk)
    report = figures.build(users["area_own"], period)
    assert report.totals == {"opened": 0, "solved": 0, "open_now": 0}
    assert report.comments == [] and report.categories == [] and report.csat["count"] == 0
    assert report.tags == []
    assert all(d["count"] == 0 for d in report.durations)


def test_a_partial_period_equals_the_tickets_too(month, users):
    start, end = month["start"] + timedelta(9), month["start"] + timedelta(15)
    report = figures.build(users["admin"], figures.Period(start, end))
    check(report, expected(Ticket.objects.all(), start, end))


def test_a_period_of_a_whole_month_and_partial_ones_equals_the_tickets(month, users):
    start, end = month["start"] - timedelta(5), month["end"] + timedelta(1)
    report = figures.build(users["mesa"], figures.Period(start, end))
    check(report, expected(Ticket.objects.all(), start, end))


def test_a_period_splits_into_whole_months_and_the_days_around_them():
    from datetime import date

    from reports.percentiles import split

    assert split(date(2026, 1, 15), date(2026, 4, 10)) == (
        [date(2026, 2, 1), date(2026, 3, 1)],
        [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 4, 1), date(2026, 4, 10))],
    )
    assert split(date(2026, 2, 1), date(2026, 2, 28)) == ([date(2026, 2, 1)], [])
    assert split(date(2026, 2, 2), date(2026, 2, 28)) == (
        [],
        [(date(2026, 2, 2), date(2026, 2, 28))],
    )
    assert split(date(2025, 12, 1), date(2026, 1, 31)) == (
        [date(2025, 12, 1), date(2026, 1, 1)],
        [],
    )
