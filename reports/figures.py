"""The report's figures, read from the daily rollups (``reports.models``) only.

A fixed number of queries whatever the period: one per rollup table (grouped in the
database), one for the agents' names, one for the latest CSAT comments. What a user sees
is narrowed by ``tickets.access.visible_areas_q``: rollups and ratings are keyed by
area (a rating by the area its ticket was in when rated, its comment too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from reports import percentiles
from reports.facts import desk_day, desk_zone
from reports.models import (
    NO_ASSIGNEE,
    DailyArea,
    DailyBreakdown,
    DailyCategory,
    DailyTag,
    Metric,
)
from surveys.models import Rating
from tickets.access import visible_areas_q

AGE_BUCKETS = [  # (label, from days old, to days old — exclusive; None: no bound)
    (_("Today"), 0, 1),
    (_("1–2 days"), 1, 3),
    (_("3–6 days"), 3, 7),
    (_("1–4 weeks"), 7, 30),
    (_("30 days or more"), 30, None),
]
TOP = 10
COMMENTS = 20


@dataclass
class Period:
    start: date
    end: date  # inclusive
    area_id: int | None = None

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(n) for n in range((self.end - self.start).days + 1)]


@dataclass
class Report:
    period: Period
    per_day: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    durations: list[dict] = field(default_factory=list)
    sla: dict = field(default_factory=dict)
    csat: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)
    categories: list[dict] = field(default_factory=list)
    tags: list[dict] = field(default_factory=list)
    ages: list[dict] = field(default_factory=list)


def area_q(user, period: Period, field: str = "area_id") -> Q:
    q = visible_areas_q(user, field)
    if period.area_id is not None:
        q &= Q(**{field: period.area_id})
    return q


def top_tags(user, period: Period) -> list[dict]:
    """``[{"name", "count"}]``: the tags most carried by the tickets opened in the period
    (of the areas ``user`` sees), from ``DailyTag`` in one query."""
    rows = (
        DailyTag.objects.filter(area_q(user, period), day__gte=period.start, day__lte=period.end)
        .values("tag")
        .annotate(n=Sum("opened"))
        .filter(n__gt=0)
        .order_by("-n", "tag")[:TOP]
    )
    return [{"name": r["tag"], "count": r["n"]} for r in rows]


def build(user, period: Period) -> Report:
    report = Report(period=period)
    scope = area_q(user, period)
    _per_day_and_ages(report, scope)
    _breakdowns(report, scope)
    _durations(report, scope)
    rows = (
        DailyCategory.objects.filter(scope, day__gte=period.start, day__lte=period.end)
        .values("category")
        .annotate(n=Sum("opened"))
        .filter(n__gt=0)  # as ``top_tags``: a category whose tickets moved away is not listed
        .order_by("-n", "category")[:TOP]
    )
    report.categories = [{"name": r["category"], "count": r["n"]} for r in rows]
    report.tags = top_tags(user, period)
    report.comments = _comments(user, period)
    return report


def _per_day_and_ages(report: Report, scope: Q) -> None:
    period = report.period
    today = desk_day_today()
    # Every day from the start to today: the days after the period give the backlog's
    # path back from today's open count (open now − opened since + left since).
    rows = (
        DailyArea.objects.filter(scope)
        .filter(Q(day__gte=period.start) | Q(still_open__gt=0))
        .values("day")
        .annotate(o=Sum("opened"), s=Sum("solved"), lb=Sum("left_backlog"), w=Sum("still_open"))
    )
    by_day = {}
    open_now = 0
    ages = [0] * len(AGE_BUCKETS)
    for r in rows:
        open_now += r["w"]
        if r["w"]:
            age = (today - r["day"]).days
            for i, (_label, lo, hi) in enumerate(AGE_BUCKETS):
                if age >= lo and (hi is None or age < hi):
                    ages[i] += r["w"]
                    break
        if r["day"] >= period.start:
            by_day[r["day"]] = (r["o"], r["s"], r["lb"])
    # Backlog at the end of day d = open now − opened after d + left after d.
    after_opened = sum(o for d, (o, _s, _lb) in by_day.items() if d > period.end)
    after_left = sum(lb for d, (_o, _s, lb) in by_day.items() if d > period.end)
    backlog = open_now - after_opened + after_left
    per_day = []
    for day in reversed(period.days):
        o, s, lb = by_day.get(day, (0, 0, 0))
        per_day.append({"day": day, "opened": o, "solved": s, "backlog": backlog})
        backlog = backlog - o + lb
    report.per_day = list(reversed(per_day))
    report.totals = {
        "opened": sum(d["opened"] for d in per_day),
        "solved": sum(d["solved"] for d in per_day),
        "open_now": open_now,
    }
    report.ages = [
        {"label": str(label), "count": n}
        for (label, _lo, _hi), n in zip(AGE_BUCKETS, ages, strict=True)
    ]


def desk_day_today() -> date:
    return desk_day(timezone.now())


def _rate(met: int, missed: int) -> int | None:
    return None if not met + missed else round(met * 100 / (met + missed))


def _breakdowns(report: Report, scope: Q) -> None:
    period = report.period
    rows = (
        DailyBreakdown.objects.filter(scope, day__gte=period.start, day__lte=period.end)
        .values("priority_id", "priority__name", "priority__order", "area_id", "area__name")
        .annotate(
            solved=Sum("solved"),
            met=Sum("sla_met"),
            missed=Sum("sla_missed"),
            still_open=Sum("sla_breached_open"),
            r_met=Sum("response_met"),
            r_missed=Sum("response_missed"),
            good=Sum("csat_good"),
            bad=Sum("csat_bad"),
        )
        .values_list(
            "priority__name",
            "priority__order",
            "area__name",
            "assignee",
            "solved",
            "met",
            "missed",
            "still_open",
            "r_met",
            "r_missed",
            "good",
            "bad",
        )
    )
    groups: dict = {"priority": {}, "area": {}, "agent": {}}
    good = bad = 0
    rows = list(rows)
    good = sum(r[10] for r in rows)
    bad = sum(r[11] for r in rows)
    rows = [r for r in rows if any(r[4:10])]  # an SLA row has an SLA figure (not only CSAT)
    agents = {r[3] for r in rows if r[3] != NO_ASSIGNEE}
    names = (
        {
            u.pk: (u.full_name or u.email)
            for u in User.objects.filter(pk__in=agents).only("pk", "name", "surname", "email")
        }
        if agents
        else {}
    )
    for row in rows:
        prio, order, area, assignee, solved, met, missed, still_open, r_met, r_missed = row[:10]
        # Agents by id (two agents may share a name); the unassigned row sorts last.
        agent = names.get(assignee, "") if assignee != NO_ASSIGNEE else ""
        agent_key = (1, "", "") if assignee == NO_ASSIGNEE else (0, agent, str(assignee))
        for kind, key, name in (
            ("priority", (order, prio), prio),
            ("area", (0, area), area),
            ("agent", agent_key, agent),
        ):
            acc = groups[kind].setdefault(key, [name, 0, 0, 0, 0, 0, 0])
            for i, n in enumerate((solved, met, missed, still_open, r_met, r_missed), start=1):
                acc[i] += n
    report.sla = {
        kind: [
            {
                "name": acc[0] or str(_("Unassigned")),
                "solved": acc[1],
                "met": acc[2],
                "missed": acc[3],
                "still_open": acc[4],
                "rate": _rate(acc[2], acc[3]),
                "response_met": acc[5],
                "response_missed": acc[6],
                "response_rate": _rate(acc[5], acc[6]),
            }
            for _key, acc in sorted(values.items())
        ]
        for kind, values in groups.items()
    }
    report.csat = {"good": good, "bad": bad, "count": good + bad, "score": _rate(good, bad)}


def _durations(report: Report, scope: Q) -> None:
    found = percentiles.durations(scope, report.period.start, report.period.end)
    labels = {
        Metric.FIRST_RESPONSE.value: _("First response"),
        Metric.RESOLUTION.value: _("Resolution"),
    }
    report.durations = [
        {"metric": metric, "label": str(labels[metric]), **found[metric]}
        for metric in (Metric.FIRST_RESPONSE.value, Metric.RESOLUTION.value)
    ]


def _comments(user, period: Period) -> list:
    """The latest comments of the ratings the CSAT counts hold: by the area the ticket
    was in when it was rated (as the counts), of the areas ``user`` sees."""
    zone = desk_zone()
    since = datetime.combine(period.start, time.min, tzinfo=zone)
    until = datetime.combine(period.end + timedelta(1), time.min, tzinfo=zone)
    qs = Rating.objects.filter(
        area_q(user, period), created_at__gte=since, created_at__lt=until
    ).exclude(comment="")
    return list(qs.select_related("ticket").order_by("-created_at", "-id")[:COMMENTS])
