"""Dashboard counters and chart data from figures that do not grow with the table.

Two queries whatever the number of tickets, both live (no cache, so a cold dashboard is
as fast as a warm one):

- ``TicketCounter`` (tickets per area and status, exact) gives the status counters and
  the open-per-area chart;
- ``TicketRollup`` (opened / solved per area and 15-minute bucket) gives the 30-day chart
  in the visitor's time zone.

Database triggers keep both in the same transaction as every ticket write (migration
``tickets/0005``); what a user sees is narrowed by ``access.visible_areas_q``.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from tickets import selectors
from tickets.models import Status
from tickets.workflow import OPEN_STATUSES

CHART_DAYS = 30


def dashboard_figures(user) -> dict:
    """``{"counters": [...], "per_day": [...], "per_area": [...]}`` for ``user``."""
    rows = selectors.counter_rows(user=user)
    return {
        "counters": status_counters(rows),
        "per_day": opened_vs_solved(user),
        "per_area": open_by_area(rows),
    }


def status_counters(rows) -> list[dict]:
    """[{status, label, count}] for every status, zeros included."""
    counts: dict[str, int] = {}
    for _area, _name, status, n in rows:
        counts[status] = counts.get(status, 0) + n
    return [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Status.choices
    ]


def opened_vs_solved(user, days: int = CHART_DAYS) -> list[dict]:
    """One row per day of the last ``days`` (user's time zone): opened and solved."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    start_day = today - timedelta(days=days - 1)
    since = timezone.make_aware(datetime.combine(start_day, time.min), tz)
    per_day = selectors.opened_solved_per_day(user=user, since=since, tz=tz)
    peak = max([max(v) for v in per_day.values()] + [1])
    rows = []
    for offset in range(days):
        day = start_day + timedelta(days=offset)
        o, s = per_day.get(day, (0, 0))
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


def open_by_area(rows) -> list[dict]:
    """Open tickets per area, largest first."""
    per_area: dict[str, int] = {}
    for _area, name, status, n in rows:
        if status in OPEN_STATUSES:
            per_area[name] = per_area.get(name, 0) + n
    ordered = sorted(per_area.items(), key=lambda item: (-item[1], item[0]))
    ordered = [(name, n) for name, n in ordered if n]
    peak = max([n for _name, n in ordered] or [1])
    return [{"area": name, "count": n, "pct": n * 100 // peak} for name, n in ordered]


def queue_counters(user) -> dict:
    """The queue's compact counters (one query over ``TicketCounter``): every status (for
    the links) and the open total."""
    rows = status_counters(selectors.counter_rows(user=user))
    return {
        "open": sum(c["count"] for c in rows if c["status"] in OPEN_STATUSES),
        "statuses": rows,
    }
