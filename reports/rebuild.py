"""Recompute every ``TicketFact`` and rollup row from the tickets (``manage.py
rebuild_report_rollups``): after a bulk load that bypassed the services, a change of
``TIME_ZONE`` (the desk's days) or of how ``reports.durations`` measures.

Idempotent: it replaces what is there. On PostgreSQL the ticket table is locked against
writes meanwhile (``SHARE`` mode: reads go on), so the result is exact. The facts are
computed in batches of ``batch`` tickets (their SLA columns, one query for the batch's
tags); the rollups are then summed from the facts (and the tags) in SQL, the same
increments ``facts.contributions`` makes one ticket at a time.
"""

from __future__ import annotations

from django.db import connection, transaction

from reports import durations, facts
from reports.models import (
    NO_ASSIGNEE,
    DailyArea,
    DailyBreakdown,
    DailyCategory,
    DailyDuration,
    DailyDurationHour,
    DailyTag,
    Metric,
    MonthlyDurationHour,
    TicketFact,
)
from surveys.models import Rating
from tickets.models import Tag, Ticket, TicketTag

F = TicketFact._meta.db_table
TT, TG = TicketTag._meta.db_table, Tag._meta.db_table

_ROLLUP_SQL = {
    DailyArea: (
        "day, area_id, opened, solved, left_backlog, still_open",
        f"SELECT day, area_id, SUM(o), SUM(s), SUM(l), SUM(w) FROM ("
        f" SELECT opened_day AS day, area_id, 1 AS o, 0 AS s, 0 AS l,"
        f" CASE WHEN left_day IS NULL THEN 1 ELSE 0 END AS w FROM {F}"
        f" UNION ALL SELECT solved_day, area_id, 0, 1, 0, 0 FROM {F}"
        " WHERE solved_day IS NOT NULL"
        f" UNION ALL SELECT left_day, area_id, 0, 0, 1, 0 FROM {F} WHERE left_day IS NOT NULL"
        ") AS x GROUP BY day, area_id",
    ),
    DailyBreakdown: (
        "day, area_id, priority_id, assignee, opened, solved, sla_met, sla_missed,"
        " sla_breached_open, response_met, response_missed, csat_good, csat_bad",
        "SELECT day, area_id, priority_id, assignee, SUM(o), SUM(s), SUM(sm), SUM(sx),"
        " SUM(so), SUM(rm), SUM(rx), 0, 0 FROM ("
        f" SELECT opened_day AS day, area_id, priority_id, assignee, 1 AS o, 0 AS s,"
        f" 0 AS sm, 0 AS sx, 0 AS so, 0 AS rm, 0 AS rx FROM {F}"
        f" UNION ALL SELECT solved_day, area_id, priority_id, assignee, 0, 1, 0, 0, 0, 0, 0"
        f" FROM {F} WHERE solved_day IS NOT NULL"
        f" UNION ALL SELECT sla_day, area_id, priority_id, assignee, 0, 0,"
        " CASE WHEN sla_met THEN 1 ELSE 0 END, CASE WHEN NOT sla_met THEN 1 ELSE 0 END,"
        " CASE WHEN sla_open THEN 1 ELSE 0 END, 0, 0"
        f" FROM {F} WHERE sla_met IS NOT NULL"
        f" UNION ALL SELECT response_day, area_id, priority_id, assignee, 0, 0, 0, 0, 0,"
        " CASE WHEN first_response_met THEN 1 ELSE 0 END,"
        " CASE WHEN NOT first_response_met THEN 1 ELSE 0 END"
        f" FROM {F} WHERE first_response_met IS NOT NULL"
        ") AS x GROUP BY day, area_id, priority_id, assignee",
    ),
    DailyDuration: (
        "metric, day, area_id, minutes, count",
        f"SELECT '{Metric.RESOLUTION.value}', solved_day, area_id, resolution_minutes, COUNT(*)"
        f" FROM {F} WHERE solved_day IS NOT NULL AND resolution_minutes IS NOT NULL"
        " GROUP BY solved_day, area_id, resolution_minutes"
        f" UNION ALL SELECT '{Metric.FIRST_RESPONSE.value}', responded_day, area_id,"
        f" first_response_minutes, COUNT(*) FROM {F}"
        " WHERE responded_day IS NOT NULL AND first_response_minutes IS NOT NULL"
        " GROUP BY responded_day, area_id, first_response_minutes",
    ),
    DailyCategory: (
        "day, area_id, category, opened",
        f"SELECT opened_day, area_id, category, COUNT(*) FROM {F} WHERE category <> ''"
        " GROUP BY opened_day, area_id, category",
    ),
    DailyTag: (
        "day, area_id, tag, opened",
        f"SELECT f.opened_day, f.area_id, g.name, COUNT(*) FROM {TT} tt"
        f" JOIN {TG} g ON g.id = tt.tag_id JOIN {F} f ON f.ticket_id = tt.ticket_id"
        " GROUP BY f.opened_day, f.area_id, g.name",
    ),
}


def _hour_tables() -> list[tuple]:
    """The hour histograms, summed from ``DailyDuration`` once it is rebuilt."""
    d = DailyDuration._meta.db_table
    if connection.vendor == "postgresql":
        month = "CAST(date_trunc('month', day) AS date)"
    else:
        month = "date(day, 'start of month')"
    return [
        (
            DailyDurationHour,
            "metric, day, area_id, hour, count",
            f"SELECT metric, day, area_id, minutes / 60, SUM(count) FROM {d}"
            " GROUP BY metric, day, area_id, minutes / 60",
        ),
        (
            MonthlyDurationHour,
            "metric, month, area_id, hour, count",
            f"SELECT metric, {month}, area_id, minutes / 60, SUM(count) FROM {d}"
            f" GROUP BY metric, {month}, area_id, minutes / 60",
        ),
    ]


def _facts(batch: int):
    last = None
    base = Ticket.objects.order_by("pk").only(
        "pk",
        "area_id",
        "priority_id",
        "assignee_id",
        "categoria",
        "created_at",
        "resolved_at",
        "status",
        "status_updated_at",
        *durations.COLUMNS,
    )
    while True:
        qs = base if last is None else base.filter(pk__gt=last)
        tickets = list(qs[:batch])
        if not tickets:
            return
        tags = facts.tags_of(t.pk for t in tickets)
        yield [facts.fact_for(t, tags=tags.get(t.pk, [])) for t in tickets]
        last = tickets[-1].pk


def _csat() -> dict:
    deltas: dict = {}
    rows = Rating.objects.values_list("created_at", "area_id", "priority_id", "assignee", "score")
    for created_at, area_id, priority_id, assignee, score in rows.iterator():
        key = (facts.desk_day(created_at), area_id, priority_id, assignee or NO_ASSIGNEE)
        cols = deltas.setdefault(key, {})
        column = f"csat_{score}"
        cols[column] = cols.get(column, 0) + 1
    return deltas


def rebuild(*, batch: int = 2000) -> int:
    """Rebuild everything; returns the number of tickets counted."""
    counted = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {Ticket._meta.db_table} IN SHARE MODE")
        hours = _hour_tables()
        for model in (TicketFact, *_ROLLUP_SQL, *(h[0] for h in hours)):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
        for chunk in _facts(batch):
            TicketFact.objects.bulk_create(chunk)
            counted += len(chunk)
        for model, (columns, select) in _ROLLUP_SQL.items():
            cursor.execute(f"INSERT INTO {model._meta.db_table} ({columns}) {select}")
        for model, columns, select in hours:
            cursor.execute(f"INSERT INTO {model._meta.db_table} ({columns}) {select}")
        facts.apply({"breakdown": _csat()})
    return counted
