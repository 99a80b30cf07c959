"""Telling a sender their message was over the size limit.

The message is held whole (an agent can still open a ticket from it); the sender gets one
short automatic answer (``Auto-Submitted: auto-replied``, RFC 3834) saying so and what the
limit is, sent after the commit by the ``mail.send_inbound_notice`` task. Never to automatic
mail, our own address or a sender without an address; at most once per message (the row's
``notified_at`` is claimed before sending); at most ``HELPDESK_INBOUND_RATE`` notices per
sender per window, like new tickets.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.utils import getaddresses, make_msgid

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import background
from mail import threading
from mail.inbound import parse
from mail.inbound.keep import HELD, Kind, Result
from mail.models import InboundMessage

logger = logging.getLogger(__name__)


def _limit_bytes() -> int:
    return int(getattr(settings, "HELPDESK_INBOUND_MAX_BYTES", 10 * 1024 * 1024))


def _tellable(p: parse.Parsed) -> bool:
    if not p.sender or parse.automatic_reason(p):
        return False
    ours = {addr.lower() for _n, addr in getaddresses(
        [threading.from_address(), threading.reply_base_address()])}
    local, _, domain = p.sender.rpartition("@")
    if f"{local.split('+', 1)[0]}@{domain}" in ours:  # our own mail: never answer it
        return False
    limit, window = getattr(settings, "HELPDESK_INBOUND_RATE", (10, 3600))
    since = timezone.now() - timedelta(seconds=window)
    told = InboundMessage.objects.filter(
        sender=p.sender, notified_at__gte=since
    ).count()
    return told < limit


def oversize(p: parse.Parsed, size: int) -> Result:
    """Hold a message over ``HELPDESK_INBOUND_MAX_BYTES``; tell its sender once committed."""
    if _tellable(p):
        transaction.on_commit(lambda: _queue(p.dedupe_key))
    return Result(HELD, f"over the size limit ({size} bytes)", kind=Kind.OVERSIZE)


def _send_here(key: str) -> None:
    send_inbound_notice.apply_async((key,), retry=False)  # eager: runs now


def _queue(key: str) -> None:
    """With a broker, published within its bounded wait (``core.background``); without one
    (eager Celery) sent by this process."""
    try:
        if not background.enqueue(send_inbound_notice, key, local=_send_here):
            logger.warning("could not queue the size notice for %s", key)
    except Exception:  # noqa: BLE001 - a lost notice is logged; the message itself is kept
        logger.warning("could not queue the size notice for %s", key)


def send(key: str) -> str:
    """Send the size notice of the held message whose ``dedupe_key`` is ``key`` once (claim,
    then send)."""
    now = timezone.now()
    claimed = InboundMessage.objects.filter(
        Q(dedupe_key=key), kind=Kind.OVERSIZE, notified_at__isnull=True
    ).update(notified_at=now)
    if not claimed:
        return "skipped"
    row = InboundMessage.objects.only("sender", "subject", "size", "message_id").get(
        dedupe_key=key
    )
    message_id = row.message_id
    ctx = {
        "subject": row.subject,
        "size": filesizeformat(row.size),
        "limit": filesizeformat(_limit_bytes()),
        "attachment_limit": filesizeformat(settings.HELPDESK_ATTACHMENT_MAX_BYTES),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("emails/inbound_too_large_subject.txt", ctx).split())
        body = render_to_string("emails/inbound_too_large.txt", ctx)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=threading.from_address(),
        to=[row.sender],
        headers={
            "Auto-Submitted": "auto-replied",
            "X-Auto-Response-Suppress": "All",
            **({"In-Reply-To": message_id, "References": message_id} if message_id else {}),
            "Message-ID": make_msgid(domain=threading.mail_domain()),
        },
    )
    try:
        message.send()
    except Exception:
        InboundMessage.objects.filter(dedupe_key=key).update(notified_at=None)
        raise
    return "sent"


@shared_task(
    name="mail.send_inbound_notice",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=2,
    max_retries=5,
)
def send_inbound_notice(key: str) -> str:
    """Tell the sender of a held message that it was over the size limit (once)."""
    return send(key)
