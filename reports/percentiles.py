"""Exact medians and 90th percentiles of the durations, in three queries whatever the period.

1. The hour histogram of the period: whole months from ``MonthlyDurationHour``, the days of
   the partial months at either end from ``DailyDurationHour``. It gives each metric's
   count and the hour holding each percentile's rank (nearest rank: the smallest value with
   at least ``ceil(p × n)`` values at or below it).
2. The exact minutes of those hours only, from ``DailyDuration`` (index on metric, minutes,
   day): the rank within the hour gives the minute.

So a year reads 12 month rows per hour and area, plus at most ~60 days of partial months,
plus one hour's exact minutes — instead of every distinct minute of every day.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from django.db.models import Q, Sum

from reports.models import DailyDuration, DailyDurationHour, Metric, MonthlyDurationHour

PERCENTILES = (0.5, 0.9)


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def split(start: date, end: date) -> tuple[list[date], list[tuple[date, date]]]:
    """(first days of the whole months in [start, end], the remaining day ranges)."""
    first = start if start.day == 1 else _next_month(start)
    months = []
    month = first
    while _next_month(month) - timedelta(1) <= end:
        months.append(month)
        month = _next_month(month)
    if not months:
        return [], [(start, end)]
    ranges = []
    if start < months[0]:
        ranges.append((start, months[0] - timedelta(1)))
    after = _next_month(months[-1])
    if after <= end:
        ranges.append((after, end))
    return months, ranges


def _locate(hist: list[tuple[int, int]], rank: int) -> tuple[int, int]:
    """(bucket holding ``rank``, the rank within it)."""
    seen = 0
    for bucket, n in hist:
        if seen + n >= rank:
            return bucket, rank - seen
        seen += n
    raise ValueError("rank beyond the histogram")  # pragma: no cover


def durations(scope: Q, start: date, end: date) -> dict[str, dict]:
    """``{metric: {"count", "median", "p90"}}`` over [start, end] for rows matching ``scope``."""
    months, ranges = split(start, end)
    # Both histograms are always read (an empty range when there is nothing to read), so
    # the page's query count is the same for every period.
    first, last = (months[0], months[-1]) if months else (end, start)
    days = Q(day__gt=end, day__lt=start)  # empty: a range to OR the real ones onto
    for lo, hi in ranges:
        days |= Q(day__gte=lo, day__lte=hi)
    hours: dict[str, dict[int, int]] = {m.value: {} for m in Metric}
    coarse = [
        MonthlyDurationHour.objects.filter(scope, month__gte=first, month__lte=last)
        .values("metric", "hour")
        .annotate(n=Sum("count"))
        .values_list("metric", "hour", "n"),
        DailyDurationHour.objects.filter(scope)
        .filter(days)
        .values("metric", "hour")
        .annotate(n=Sum("count"))
        .values_list("metric", "hour", "n"),
    ]
    for rows in coarse:
        for metric, hour, n in rows:
            hours[metric][hour] = hours[metric].get(hour, 0) + (n or 0)
    out: dict[str, dict] = {}
    wanted: dict[tuple[str, float], tuple[int, int]] = {}
    for metric, by_hour in hours.items():
        hist = sorted((h, n) for h, n in by_hour.items() if n)
        total = sum(n for _h, n in hist)
        out[metric] = {"count": total, "median": None, "p90": None}
        for p in PERCENTILES:
            if total:
                wanted[(metric, p)] = _locate(hist, max(1, math.ceil(p * total)))
    if not wanted:
        return out
    which = Q()
    for metric, hour in {(m, h) for (m, _p), (h, _r) in wanted.items()}:
        which |= Q(metric=metric, minutes__gte=hour * 60, minutes__lt=(hour + 1) * 60)
    rows = (
        DailyDuration.objects.filter(scope, day__gte=start, day__lte=end)
        .filter(which)
        .values("metric", "minutes")
        .annotate(n=Sum("count"))
        .order_by("metric", "minutes")
        .values_list("metric", "minutes", "n")
    )
    exact: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for metric, minutes, n in rows:
        if n:
            exact.setdefault((metric, minutes // 60), []).append((minutes, n))
    for (metric, p), (hour, rank) in wanted.items():
        minute, _ = _locate(exact[(metric, hour)], rank)
        out[metric]["median" if p == 0.5 else "p90"] = minute
    return out
