"""SLA alerts: one internal history entry per ticket per kind, never repeated."""

from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction

from tickets.models import Activity, ActivityType, SlaAlertKind, Status
from tickets.services._base import lock, record

SYSTEM_SNAPSHOT = {"id": None, "nombre": "", "email": None, "rol": "SISTEMA"}
_COLUMN = {SlaAlertKind.WARNING: "sla_warned_at", SlaAlertKind.BREACH: "sla_breach_alerted_at"}
_STOPPED = (Status.RESUELTO, Status.CERRADO, Status.CANCELADO, Status.ARCHIVADO)


@transaction.atomic
def ticket_record_sla_alert(*, ticket_id, kind: str, now: datetime) -> Activity | None:
    """Record that ``ticket_id`` breaches soon (``warning``) or has breached (``breach``).

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
    if ticket.resolved_at is not None or ticket.status in _STOPPED or ticket.sla_paused_at:
        return None  # the clock is stopped (paused: it runs again, due moved, on resume)
    due = ticket.sla_due_at
    if kind == SlaAlertKind.BREACH and not due < now:
        return None
    if kind == SlaAlertKind.WARNING and not now <= due <= now + settings.HELPDESK_SLA_WARNING:
        return None
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
