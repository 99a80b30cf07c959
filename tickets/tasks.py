"""Periodic work of the domain (``celery beat``; schedule in ``CELERY_BEAT_SCHEDULE``)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from tickets import selectors, services
from tickets.access import SYSTEM
from tickets.models import SlaAlertKind, Status, Ticket

logger = logging.getLogger(__name__)

BATCH = 500  # SLA alerts: tickets per kind per run; the next minute's run picks up the rest
AUTOCLOSE_BATCH = 200
RECOMPUTE_BATCH = 500  # SLA recomputation: tickets per transaction


@shared_task(name="tickets.tasks.attachments_sweep")
def attachments_sweep() -> dict:
    """Uploads never referenced and files orphaned by a rolled-back transaction."""
    return services.attachments_sweep()


@shared_task(name="tickets.sla_alerts", ignore_result=True)
def sla_alerts(now=None) -> dict:
    """Record a ``warning`` for running tickets due within ``HELPDESK_SLA_WARNING``, a
    ``breach`` for those past due and a ``firstResponseBreach`` for those nobody answered
    by their first-response due time, once per ticket per kind (the service dedups under the
    ticket's row lock, so overlapping runs are harmless)."""
    now = now or timezone.now()
    warn, breach, unanswered = selectors.sla_alerts_due(now, settings.HELPDESK_SLA_WARNING)
    written = {"warning": 0, "breach": 0, "firstResponseBreach": 0}
    kinds = (
        (SlaAlertKind.BREACH, breach),
        (SlaAlertKind.FIRST_RESPONSE_BREACH, unanswered),
        (SlaAlertKind.WARNING, warn),
    )
    for kind, ids in kinds:
        for ticket_id in list(ids[:BATCH]):
            try:
                if services.ticket_record_sla_alert(ticket_id=ticket_id, kind=kind, now=now):
                    written[str(kind)] += 1
            except Exception:  # noqa: BLE001 - one bad ticket must not stop the others
                logger.exception("SLA %s alert failed for ticket %s", kind, ticket_id)
    return written


@shared_task(name="tickets.tasks.autoclose_solved_tickets", ignore_result=True)
def autoclose_solved_tickets() -> int:
    """Close every ticket solved more than ``HELPDESK_AUTOCLOSE_DAYS`` days ago that the
    requester neither confirmed nor reopened. One transaction per ticket, each re-checked
    under its row lock (a ticket reopened meanwhile stays open). Idempotent: running it
    twice closes nothing more. Returns how many it closed."""
    solved_before = timezone.now() - timedelta(days=settings.HELPDESK_AUTOCLOSE_DAYS)
    closed = 0
    last = None
    while True:
        qs = Ticket.objects.filter(status=Status.RESUELTO, status_updated_at__lte=solved_before)
        if last is not None:
            qs = qs.filter(pk__gt=last)
        ids = list(qs.order_by("pk").values_list("pk", flat=True)[:AUTOCLOSE_BATCH])
        if not ids:
            return closed
        for pk in ids:
            if services.ticket_autoclose(actor=SYSTEM, ticket=pk, solved_before=solved_before):
                closed += 1
        last = ids[-1]


@shared_task(name="tickets.tasks.sla_recompute_open", ignore_result=True)
def sla_recompute_open(area_ids=None) -> int:
    """After a calendar, policy or priority change: the SLA columns of every open ticket
    (of ``area_ids``, or all) recomputed from its history, in batches walked by id, each
    its own short transaction locking only its rows. Idempotent. Returns how many
    tickets changed."""
    changed, after = 0, None
    while True:
        count, after = services.tickets_sla_recompute(
            area_ids=area_ids, after=after, batch=RECOMPUTE_BATCH
        )
        changed += count
        if after is None:
            return changed
