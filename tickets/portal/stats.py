"""Dashboard counters and chart data: a fixed number of aggregate queries (four)."""

from datetime import datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from tickets.models import Status
from tickets.workflow import OPEN_STATUSES

CHART_DAYS = 30


def status_counters(qs) -> list[dict]:
    """[{status, label, count}] for every status, zeros included (one query)."""
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Status.choices
    ]


def opened_vs_solved(qs, days: int = CHART_DAYS) -> list[dict]:
    """One row per day of the last ``days`` (user's time zone): opened and solved (two queries)."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    start_day = today - timedelta(days=days - 1)
    since = timezone.make_aware(datetime.combine(start_day, time.min), tz)
    opened = dict(
        qs.filter(created_at__gte=since)
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    solved = dict(
        qs.filter(resolved_at__gte=since)
        .order_by()
        .annotate(day=TruncDate("resolved_at", tzinfo=tz))
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    rows = []
    peak = max([*opened.values(), *solved.values(), 1])
    for offset in range(days):
        day = start_day + timedelta(days=offset)
        o, s = opened.get(day, 0), solved.get(day, 0)
        rows.append(
            {
                "day": day,
                "opened": o,
                "solved": s,
                "opened_pct": o * 100 // peak,
                "solved_pct": s * 100 // peak,
            }
        )
    return rows


def open_by_area(qs) -> list[dict]:
    """Open tickets per area, largest first (one query)."""
    rows = list(
        qs.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values("area__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "area__name")
    )
    peak = max([r["n"] for r in rows] or [1])
    return [{"area": r["area__name"], "count": r["n"], "pct": r["n"] * 100 // peak} for r in rows]
