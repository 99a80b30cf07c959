"""SLA alerts (one internal history entry per ticket per kind, never repeated) and the
recomputation of the SLA columns after a calendar or policy change."""

from datetime import UTC, datetime
from uuid import UUID

from django.conf import settings
from django.db import transaction

from tickets import events
from tickets.models import Activity, ActivityType, SlaAlertKind, Ticket
from tickets.services._base import lock, record
from tickets.sla import clock, engine
from tickets.sla.calendars import CalendarCache, calendar_for_area, targets_for
from tickets.workflow import CLOCK_STOPPED_STATUSES, OPEN_VALUES

SYSTEM_SNAPSHOT = {"id": None, "nombre": "", "email": None, "rol": "SISTEMA"}
_COLUMN = {
    SlaAlertKind.WARNING: "sla_warned_at",
    SlaAlertKind.BREACH: "sla_breach_alerted_at",
    SlaAlertKind.FIRST_RESPONSE_BREACH: "first_response_alerted_at",
}


@transaction.atomic(durable=True)
def ticket_record_sla_alert(*, ticket_id: UUID | str, kind: str, now: datetime) -> Activity | None:
    """Record that ``ticket_id`` breaches soon (``warning``), has breached (``breach``) or
    has not been answered by its first-response due time (``firstResponseBreach``).

    Writes an internal ``slaAlert`` entry (``data``: ``kind`` and the ``due`` time, ISO
    8601) and marks the ticket, under its row lock, so two runs at once write one entry.
    Returns ``None`` when there is nothing to record: already alerted of that kind, clock
    stopped, or no longer in the window (the ticket changed since it was picked).
    Receivers of ``tickets.events`` (the e-mail to the assignee or area) hear of it.
    """
    if kind not in _COLUMN:
        raise ValueError(f"unknown SLA alert kind {kind!r}")
    ticket = lock(ticket_id)
    column = _COLUMN[kind]
    if getattr(ticket, column) is not None:
        return None
    stopped = ticket.status in CLOCK_STOPPED_STATUSES
    if ticket.resolved_at is not None or stopped or ticket.sla_paused_at:
        return None  # the clock is stopped (paused: it runs again, due moved, on resume)
    due = ticket.sla_due_at
    if kind == SlaAlertKind.FIRST_RESPONSE_BREACH:
        due = ticket.first_response_due_at
        if due is None or ticket.first_responded_at is not None or not due < now:
            return None
    if kind == SlaAlertKind.BREACH and not due < now:
        return None
    if kind == SlaAlertKind.WARNING and not (
        now <= due
        and engine.business_time_between(calendar_for_area(ticket.area), now, due)
        <= settings.HELPDESK_SLA_WARNING
    ):
        return None  # the window is business time of the area's calendar (the dot's rule)
    setattr(ticket, column, now)
    ticket.save(update_fields=[column])  # not an edit: updated_at stays
    return record(
        ticket,
        None,
        ActivityType.SLA_ALERT,
        {"kind": str(kind), "due": due.astimezone(UTC).isoformat().replace("+00:00", "Z")},
        public=False,
        now=now,
        snapshot=SYSTEM_SNAPSHOT,
    )


@transaction.atomic(durable=True)
def tickets_sla_recompute(
    *, area_ids: list | None = None, after: UUID | None = None, batch: int = 500
) -> tuple[int, object]:
    """Recompute the SLA columns of one batch of open tickets (those of ``area_ids``, or
    all) from their history, after a calendar or policy change: ids after ``after`` in
    key order, at most ``batch``. Returns (how many changed, the last id seen, ``None``
    when no ticket was left). One short transaction that locks only the batch's rows;
    not an edit (``updated_at`` and the history stay). Each changed ticket is announced
    (``events.SLA_RECOMPUTED``, no history entry) in the batch's transaction."""
    qs = Ticket.objects.filter(resolved_at__isnull=True, status__in=OPEN_VALUES)
    if area_ids is not None:
        qs = qs.filter(area_id__in=area_ids)
    if after is not None:
        qs = qs.filter(pk__gt=after)
    ids = list(qs.order_by("pk").values_list("pk", flat=True)[:batch])
    if not ids:
        return 0, None
    tickets = list(
        Ticket.objects.select_for_update(of=("self",))
        .select_related("priority")
        .filter(pk__in=ids, resolved_at__isnull=True, status__in=OPEN_VALUES)
        .order_by("pk")
    )
    history: dict = {}
    rows = Activity.objects.filter(ticket_id__in=ids).only("ticket_id", "created_at", "data")
    for activity in rows.order_by("ticket_id", "created_at", "id"):
        history.setdefault(activity.ticket_id, []).append(activity)
    cache = CalendarCache()
    changed = []
    for ticket in tickets:
        before = [getattr(ticket, f) for f in clock.SLA_FIELDS]
        clock.recompute_from_history(
            ticket,
            cache.calendar(ticket.area_id),
            cache.targets(ticket.priority, ticket.area_id),
            activities=history.get(ticket.pk, []),
        )
        if [getattr(ticket, f) for f in clock.SLA_FIELDS] != before:
            changed.append(ticket)
    Ticket.objects.bulk_update(changed, clock.SLA_FIELDS)
    for ticket in changed:
        _announce(ticket)
    return len(changed), ids[-1]


def _announce(ticket: Ticket) -> None:
    """Tell the receivers (the report rollups: a first-response due date or business
    minutes may have changed) — an event without a history entry, under the row lock."""
    events.emit(
        events.TicketEvent(
            kind=events.SLA_RECOMPUTED,
            ticket_id=str(ticket.pk),
            activity_id=None,
            actor_id=None,
            public=False,
        )
    )


@transaction.atomic(durable=True)
def ticket_sla_recompute(*, ticket: Ticket | str) -> Ticket:
    """One ticket's SLA columns from its history (e.g. after loading demo data)."""
    locked = lock(ticket)
    clock.recompute_from_history(
        locked, calendar_for_area(locked.area), targets_for(locked.priority, locked.area)
    )
    locked.save(update_fields=clock.SLA_FIELDS)
    _announce(locked)
    return locked
