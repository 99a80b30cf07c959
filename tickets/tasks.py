"""Scheduled work of the ticket domain (``CELERY_BEAT_SCHEDULE`` in settings)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from tickets import services
from tickets.models import Status, Ticket
from tickets.permissions import SYSTEM

BATCH = 200


@shared_task(name="tickets.tasks.attachments_sweep")
def attachments_sweep() -> dict:
    """Uploads never referenced and files orphaned by a rolled-back transaction."""
    return services.attachments_sweep()


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
        ids = list(qs.order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return closed
        for pk in ids:
            if services.ticket_autoclose(actor=SYSTEM, ticket=pk, solved_before=solved_before):
                closed += 1
        last = ids[-1]
