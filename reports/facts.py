"""A ticket's contribution to the rollups, and applying the change of it.

``fact_for(ticket)`` says what the ticket counts for now; ``contributions(fact)`` turns it
into rollup increments; ``apply(deltas)`` adds increments to the rollup rows with one
upsert per table (``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``, the same
on PostgreSQL and SQLite), rows in key order so concurrent writers never deadlock.
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections import defaultdict
from datetime import date, datetime

from django.conf import settings
from django.db import connection

from reports import durations
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
from tickets.models import Ticket, TicketTag
from tickets.workflow import closed_at

# (model, key columns, count columns) of every rollup table.
TABLES = {
    "area": (DailyArea, ("day", "area_id"), ("opened", "solved", "left_backlog", "still_open")),
    "breakdown": (
        DailyBreakdown,
        ("day", "area_id", "priority_id", "assignee"),
        (
            "opened",
            "solved",
            "sla_met",
            "sla_missed",
            "sla_breached_open",
            "response_met",
            "response_missed",
            "csat_good",
            "csat_bad",
        ),
    ),
    "duration": (DailyDuration, ("metric", "day", "area_id", "minutes"), ("count",)),
    "duration_hour": (DailyDurationHour, ("metric", "day", "area_id", "hour"), ("count",)),
    "duration_month": (MonthlyDurationHour, ("metric", "month", "area_id", "hour"), ("count",)),
    "category": (DailyCategory, ("day", "area_id", "category"), ("opened",)),
    "tag": (DailyTag, ("day", "area_id", "tag"), ("opened",)),
}
FACT_FIELDS = [f.attname for f in TicketFact._meta.concrete_fields]


def desk_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def desk_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(desk_zone()).date()


def tags_of(ticket_ids) -> dict:
    """``{ticket id: sorted tag names}`` of the tickets that have tags, in one query."""
    rows = TicketTag.objects.filter(ticket_id__in=list(ticket_ids)).values_list(
        "ticket_id", "tag__name"
    )
    out: dict = defaultdict(list)
    for ticket_id, name in rows.order_by("ticket_id", "tag__name"):
        out[ticket_id].append(name)
    return out


def fact_for(
    ticket: Ticket, *, tags: list[str] | None = None, now: datetime | None = None
) -> TicketFact:
    """``tags``: the ticket's tag names, sorted (``None``: read them, one query). ``now``:
    when the verdicts are read (an open ticket past due is missed from then on)."""
    if tags is None:
        tags = tags_of([ticket.pk]).get(ticket.pk, [])
    responded_at = durations.first_responded_at(ticket)
    sla_met = durations.resolution_met(ticket, now)
    response_met = durations.first_response_met(ticket, now)
    return TicketFact(
        ticket_id=ticket.pk,
        area_id=ticket.area_id,
        priority_id=ticket.priority_id,
        assignee=ticket.assignee_id or NO_ASSIGNEE,
        category=(ticket.categoria or "").strip(),
        opened_day=desk_day(ticket.created_at),
        solved_day=desk_day(ticket.resolved_at),
        left_day=desk_day(closed_at(ticket)),  # when it left the backlog
        sla_met=sla_met,
        sla_day=desk_day(durations.resolution_decided_at(ticket, sla_met)),
        sla_open=sla_met is False and ticket.resolved_at is None,
        responded_at=responded_at,
        responded_day=desk_day(responded_at),
        first_response_minutes=durations.first_response_minutes(ticket),
        first_response_met=response_met,
        response_day=desk_day(durations.first_response_decided_at(ticket, response_met)),
        resolution_minutes=durations.resolution_minutes(ticket),
        tags=sorted(tags),
    )


def contributions(fact: TicketFact | None, sign: int = 1):
    """``(table, key, column, n)`` increments ``fact`` stands for (``sign`` -1: its removal)."""
    if fact is None:
        return
    area, opened = fact.area_id, fact.opened_day
    breakdown = (fact.area_id, fact.priority_id, fact.assignee)
    yield "area", (opened, area), "opened", sign
    yield "breakdown", (opened, *breakdown), "opened", sign
    if fact.category:
        yield "category", (opened, area, fact.category), "opened", sign
    for tag in fact.tags or ():
        yield "tag", (opened, area, tag), "opened", sign
    if fact.left_day is None:
        yield "area", (opened, area), "still_open", sign
    else:
        yield "area", (fact.left_day, area), "left_backlog", sign
    if fact.solved_day is not None:
        yield "area", (fact.solved_day, area), "solved", sign
        yield "breakdown", (fact.solved_day, *breakdown), "solved", sign
        if fact.resolution_minutes is not None:
            m = Metric.RESOLUTION.value
            yield from _duration(m, fact.solved_day, area, fact.resolution_minutes, sign)
    # Verdicts count on the day they happened (``reports.durations``).
    if fact.sla_met is not None:
        column = "sla_met" if fact.sla_met else "sla_missed"
        yield "breakdown", (fact.sla_day, *breakdown), column, sign
        if fact.sla_open:
            yield "breakdown", (fact.sla_day, *breakdown), "sla_breached_open", sign
    if fact.first_response_met is not None:
        column = "response_met" if fact.first_response_met else "response_missed"
        yield "breakdown", (fact.response_day, *breakdown), column, sign
    if fact.responded_day is not None and fact.first_response_minutes is not None:
        m = Metric.FIRST_RESPONSE.value
        yield from _duration(m, fact.responded_day, area, fact.first_response_minutes, sign)


def _duration(metric: str, day: date, area, minutes: int, sign: int):
    hour = minutes // 60
    yield "duration", (metric, day, area, minutes), "count", sign
    yield "duration_hour", (metric, day, area, hour), "count", sign
    yield "duration_month", (metric, day.replace(day=1), area, hour), "count", sign


def deltas_between(old: TicketFact | None, new: TicketFact | None) -> dict:
    """``{table: {key: {column: n}}}`` turning ``old``'s contribution into ``new``'s."""
    out: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for items in (contributions(old, -1), contributions(new, 1)):
        for table, key, column, n in items:
            out[table][key][column] += n
    return {
        table: {key: cols for key, cols in rows.items() if any(cols.values())}
        for table, rows in out.items()
    }


def _value(v):
    """SQLite stores UUIDs as 32 hex digits (what Django writes there)."""
    return v.hex if isinstance(v, uuid.UUID) and connection.vendor == "sqlite" else v


def apply(deltas: dict) -> None:
    """Add ``deltas`` (``{table: {key: {column: n}}}``) to the rollup rows."""
    with connection.cursor() as cursor:
        for table in TABLES:  # always in this order, rows in key order: no deadlocks
            rows = deltas.get(table)
            if not rows:
                continue
            model, keys, counts = TABLES[table]
            db_table = model._meta.db_table
            columns = [*keys, *counts]
            placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
            updates = ", ".join(f"{c} = {db_table}.{c} + excluded.{c}" for c in counts)
            ordered = sorted(rows.items(), key=lambda item: tuple(str(k) for k in item[0]))
            params: list = []
            for key, cols in ordered:
                params.extend(_value(k) for k in key)
                params.extend(cols.get(c, 0) for c in counts)
            sql = (
                f"INSERT INTO {db_table} ({', '.join(columns)}) VALUES "
                + ", ".join([placeholders] * len(ordered))
                + f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
            )
            cursor.execute(sql, params)


def same(a: TicketFact | None, b: TicketFact | None) -> bool:
    if a is None or b is None:
        return a is b
    return all(getattr(a, f) == getattr(b, f) for f in FACT_FIELDS)
