"""Dashboard counters and chart data: a fixed number of aggregate queries (four).

The counters are live. The two charts (30 days, open per area) are cached for
``CHART_CACHE_SECONDS`` per visibility scope, time zone and day: every agent of a scope
refreshing the dashboard shares one computation, so the page does not scan every visible
ticket three more times on each load.
"""

from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from tickets.models import Status
from tickets.permissions import visibility_scope
from tickets.workflow import OPEN_STATUSES

CHART_DAYS = 30
CHART_CACHE_SECONDS = 60


def charts(user, qs) -> dict:
    """``{"per_day": opened_vs_solved(qs), "per_area": open_by_area(qs)}``, cached."""
    key = ":".join(
        [
            "dashboard-charts",
            visibility_scope(user),
            timezone.get_current_timezone_name(),
            timezone.localdate().isoformat(),
        ]
    )
    data = cache.get(key)
    if data is None:
        data = {"per_day": opened_vs_solved(qs), "per_area": open_by_area(qs)}
        cache.set(key, data, CHART_CACHE_SECONDS)
    return data


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
