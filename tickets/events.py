"""The one hook through which other apps hear about ticket events.

``tickets`` never imports the apps that react to its changes (mail, webhooks,
notifications, reports…). Instead every history entry the services write
(``tickets.services._base.record``) is announced here as a :class:`TicketEvent`, and those
apps subscribe from their ``AppConfig.ready()``::

    from tickets import events

    events.subscribe(my_receiver)                        # after the commit (default)
    events.subscribe(write_outbox, phase=events.IN_TRANSACTION)

Two phases:

- ``IN_TRANSACTION``: called at once, inside the service's transaction, holding the row
  lock. For writes that must commit or roll back with the change (an outbox row, a
  notification row, a counter). An exception here aborts the whole change.
- ``ON_COMMIT`` (default): called once the transaction has committed, never for a change
  that rolled back. For queueing background work. An exception here is logged and
  swallowed: a committed write never answers as failed.

Receivers get only ids and plain values; they load what they need themselves. One kind,
``SLA_RECOMPUTED``, has no history entry behind it (``activity_id`` is ``None``): receivers
that read the activity skip it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)

IN_TRANSACTION = "transaction"
ON_COMMIT = "commit"

# Event kinds: one per history entry type the services write (tickets.models.ActivityType).
TICKET_CREATED = "ticketCreated"
STATUS_UPDATED = "statusUpdated"
ASSIGNEE_UPDATED = "assigneeUpdated"
AREA_TRANSFERRED = "areaTransferred"
RECLASSIFIED = "reclassified"
COMMENT = "comment"
SLA_ALERT = "slaAlert"  # internal; data: {"kind": "warning"|"breach", "due": <ISO 8601>}
# internal; data: {"score": "good"|"bad", "comment": str, "resolution": <resolution key>}
RATING = "rating"
TAGS_UPDATED = "tagsUpdated"  # internal; data: {"tags": [...], "previousAttributes": ...}
# No history entry (``activity_id`` None): the SLA columns of a ticket were recomputed
# without an edit — the open tickets after a calendar or policy change
# (``tickets_sla_recompute``), or one ticket (``ticket_sla_recompute``). data: {}.
SLA_RECOMPUTED = "slaRecomputed"


@dataclass(frozen=True)
class TicketEvent:
    kind: str  # the activity type, e.g. "statusUpdated"
    ticket_id: str
    activity_id: int | None  # None only for SLA_RECOMPUTED
    actor_id: str | None  # None for anonymous requesters and system work
    public: bool
    data: dict = field(default_factory=dict)  # the activity's data (changes + previousAttributes)


Receiver = Callable[[TicketEvent], None]
_receivers: dict[str, list[Receiver]] = {IN_TRANSACTION: [], ON_COMMIT: []}


def subscribe(receiver: Receiver, *, phase: str = ON_COMMIT) -> None:
    """Register ``receiver`` for every ticket event (idempotent)."""
    if phase not in _receivers:
        raise ValueError(f"unknown phase {phase!r}")
    if receiver not in _receivers[phase]:
        _receivers[phase].append(receiver)


def unsubscribe(receiver: Receiver, *, phase: str = ON_COMMIT) -> None:
    if receiver in _receivers.get(phase, []):
        _receivers[phase].remove(receiver)


def _deliver_on_commit(event: TicketEvent) -> None:
    for receiver in list(_receivers[ON_COMMIT]):
        try:
            receiver(event)
        except Exception:  # noqa: BLE001 - the write has committed; never fail it now
            logger.exception("ticket event receiver %r failed for %s", receiver, event.kind)


def emit(event: TicketEvent) -> None:
    """Announce ``event``; called by the services inside their transaction."""
    for receiver in list(_receivers[IN_TRANSACTION]):
        receiver(event)
    if _receivers[ON_COMMIT]:
        transaction.on_commit(partial(_deliver_on_commit, event))
