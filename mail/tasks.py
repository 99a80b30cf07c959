"""Celery tasks of the mail app (autodiscovered by ``helpdesk.celery``).

All are idempotent, so ``acks_late`` (a task whose worker dies is delivered again) never
duplicates mail: ``send_delivery`` claims its outbox row before sending, ``poll_imap``
records each message's Message-ID in the same transaction as the ticket or comment it makes.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from core import broker
from mail import outbox
from mail.inbound import imap, notice

logger = logging.getLogger(__name__)


@shared_task(
    name="mail.send_delivery",
    acks_late=True,
    autoretry_for=(outbox.TemporaryFailure,),
    retry_backoff=2,
    retry_backoff_max=int(getattr(settings, "HELPDESK_MAIL_RETRY_BACKOFF_MAX", 600)),
    retry_jitter=True,
    max_retries=None,  # the row counts attempts (HELPDESK_MAIL_MAX_ATTEMPTS) and gives up
)
def send_delivery(delivery_id: int) -> str:
    return outbox.deliver(delivery_id)


@shared_task(name="mail.sweep_outbox", acks_late=True, ignore_result=True)
def sweep_outbox() -> int:
    """Beat, every minute: queue pending rows whose hand-off was lost (broker down at commit
    time, a retry message lost with a broker restart)."""
    ids = outbox.due(grace=60.0)
    return sum(broker.publish(send_delivery, (pk,)) for pk in ids)


@shared_task(name="mail.poll_imap", acks_late=True, ignore_result=True)
def poll_imap() -> dict:
    """Beat, every HELPDESK_IMAP_POLL_SECONDS: read the desk's IMAP mailbox."""
    return imap.poll()


# Defined with the code it runs (mail.inbound.notice); imported here so workers register it.
send_inbound_notice = notice.send_inbound_notice
