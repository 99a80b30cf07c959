"""Internal notes written by the system, not by a person: what a channel learnt about a
ticket that agents must see in its history (e-mail to the requester bounced)."""

from datetime import datetime

from django.db import transaction

from tickets.models import Activity, ActivityType, Ticket
from tickets.services._base import lock, record
from tickets.services.sla import SYSTEM_SNAPSHOT


@transaction.atomic  # held by an inbound e-mail's row (a bounce: mail.inbound.bounces)
def ticket_record_system_note(
    *, ticket: Ticket | str, text: str, now: datetime, data: dict | None = None
) -> Activity:
    """An internal ``comment`` by the system (``actor_snapshot`` SISTEMA) on ``ticket``,
    with ``text`` and any extra ``data``. Not an edit: the ticket's version stays."""
    locked = lock(ticket)
    return record(
        locked,
        None,
        ActivityType.COMMENT,
        {**(data or {}), "text": text},
        public=False,
        now=now,
        snapshot=SYSTEM_SNAPSHOT,
    )
