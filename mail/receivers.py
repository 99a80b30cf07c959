"""The mail app's two receivers of ``tickets.events``.

- ``write_outbox`` (IN_TRANSACTION): one ``Delivery`` row per recipient of the event, in
  the service's own transaction. A change that commits has its mail recorded; one that
  rolls back has none. The request never talks to SMTP. No row for an address that
  bounced for good (``mail.models.Undeliverable``).
- ``enqueue_outbox`` (ON_COMMIT): hands the new rows to whoever sends (a Celery task with a
  broker, the in-process background sender without one: ``mail.dispatch``). If that hand-off
  is lost (broker down, process killed) the rows are still pending and the outbox sweep
  sends them.
"""

from __future__ import annotations

from mail import dispatch, rules
from mail.inbound.bounces import hard_bounced
from mail.models import Delivery


def write_outbox(event) -> None:
    planned = rules.plan(event)
    if not planned:
        return
    # No mail to an address that bounced for good (mail.inbound.bounces).
    blocked = hard_bounced(p.recipient for p in planned)
    planned = [p for p in planned if p.recipient not in blocked]
    if not planned:
        return
    Delivery.objects.bulk_create(
        [
            Delivery(
                activity_id=event.activity_id,
                ticket_id=event.ticket_id,
                recipient=p.recipient,
                template=p.template,
                data=p.data,
            )
            for p in planned
        ],
        ignore_conflicts=True,  # the unique (activity, recipient) key: at most one row
    )


def enqueue_outbox(event) -> None:
    if event.kind not in rules.KINDS:
        return
    ids = list(
        Delivery.objects.filter(
            activity_id=event.activity_id, status=Delivery.Status.PENDING
        ).values_list("pk", flat=True)
    )
    dispatch.enqueue(ids)
