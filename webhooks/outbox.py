"""Ticket events → delivery rows (transactional outbox) → queued tasks.

``write_deliveries`` runs inside the service's transaction (``events.IN_TRANSACTION``): the
rows commit with the change or vanish with its rollback, and the payload is the ticket as
that transaction left it. An endpoint disabled after a failure window still gets its rows,
``held`` until an admin replays them (``webhooks.services.deliveries_replay``).
``enqueue_deliveries`` runs after the commit (``events.ON_COMMIT``) and queues one task per
pending row; a row whose task is lost (broker down, worker killed) is picked up by the
``webhooks.retry_due`` beat task.
"""

import logging
import threading

from django.db.models import Q

from tickets import events
from webhooks import dispatch
from webhooks.models import Delivery, Endpoint, EventType
from webhooks.payloads import payload_for

logger = logging.getLogger(__name__)

# Rows written in this thread's open transaction, by activity id, for the on-commit hook
# (which runs in the same thread): no query after the commit of a change with no endpoint.
_written = threading.local()
_MAX_REMEMBERED = 1000  # rows of rolled-back changes are never popped; keep it bounded

_BY_KIND = {
    events.TICKET_CREATED: EventType.TICKET_CREATED,
    events.STATUS_UPDATED: EventType.STATUS_UPDATED,
    events.ASSIGNEE_UPDATED: EventType.ASSIGNEE_UPDATED,
    events.COMMENT: EventType.COMMENT_CREATED,
}


def event_type_for(event: events.TicketEvent) -> str | None:
    """The webhook event of a history entry, or ``None`` (transfers, reclassifications and
    SLA alerts are internal; a ``statusUpdated`` that changed no status is not one)."""
    event_type = _BY_KIND.get(event.kind)
    previous = event.data.get("previousAttributes") or {}
    if event_type == EventType.STATUS_UPDATED and "status" not in previous:
        return None
    return event_type


def write_deliveries(event: events.TicketEvent) -> None:
    event_type = event_type_for(event)
    if event_type is None:
        return
    candidates = Endpoint.objects.filter(
        Q(active=True) | Q(disabled_at__isnull=False),  # disabled for failing: held, not lost
        network__locations__tickets__pk=event.ticket_id,
    )
    endpoints = [e for e in candidates if event_type in (e.event_types or [])]
    if not endpoints:
        return
    payload = payload_for(event)
    if payload is None:
        return
    rows = Delivery.objects.bulk_create(
        [
            Delivery(
                endpoint=endpoint,
                event_type=event_type,
                activity_id=event.activity_id,
                ticket_id=event.ticket_id,
                payload=payload,
                status=Delivery.Status.HELD if endpoint.holds_events else Delivery.Status.PENDING,
            )
            for endpoint in endpoints
        ]
    )
    pending = _pending()
    if len(pending) >= _MAX_REMEMBERED:
        pending.clear()  # the beat task sends whatever this forgets
    pending[str(event.activity_id)] = [
        str(row.pk) for row in rows if row.status == Delivery.Status.PENDING
    ]


def _pending() -> dict[str, list[str]]:
    if not hasattr(_written, "rows"):
        _written.rows = {}
    return _written.rows


def enqueue_deliveries(event: events.TicketEvent) -> None:
    """Queue the rows ``write_deliveries`` wrote for this (now committed) event."""
    for delivery_id in _pending().pop(str(event.activity_id), []):
        dispatch.enqueue(delivery_id)
