"""E-mail for notifications: one digest per agent for what arrived within a few minutes.

``schedule_digests`` runs after the commit that wrote the notifications. With a broker it
queues ``send_digest`` with a countdown of ``HELPDESK_NOTIFICATION_DIGEST_SECONDS``; every
pending notification of that agent is in the digest the first task sends, so later tasks
find nothing and send nothing. Without a broker nothing is queued (a request must never
wait on SMTP): ``manage.py send_notification_digests`` — run from cron, or by beat — sends
what has waited longer than the window.

A digest about a single ticket carries its reply address (``Reply-To``), so the agent may
answer it from their mail client.

At most once: the rows are claimed (``sending``) and committed before SMTP is spoken to,
marked ``sent`` after; an SMTP error puts them back to ``pending`` and the task retries with
backoff. Visibility is checked again at send time: a ticket transferred away meanwhile is
dropped from the digest, never e-mailed.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from core import background
from mail import threading
from notifications import unsubscribe
from notifications.models import EmailState, Notification
from tickets.access import Action, can

logger = logging.getLogger(__name__)


def digest_window() -> timedelta:
    return timedelta(seconds=getattr(settings, "HELPDESK_NOTIFICATION_DIGEST_SECONDS", 120))


def _left_for_the_sweep(recipient_id: str) -> None:
    """No broker: nothing is queued; the sweep (send_notification_digests) sends them."""


def schedule_digests(recipient_ids: list[str]) -> None:
    for recipient_id in recipient_ids:
        # Broker down or hung: not queued, and the sweep (send_pending_digests) sends them.
        background.enqueue(
            send_digest,
            recipient_id,
            countdown=digest_window().total_seconds(),
            local=_left_for_the_sweep,
        )


def _claim(recipient_id: str, up_to) -> list[int]:
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                recipient_id=recipient_id, email_state=EmailState.PENDING, created_at__lte=up_to
            )
            .select_related("ticket", "recipient")
            .order_by("created_at", "id")
        )
        if not rows:
            return []
        recipient = rows[0].recipient
        keep = [n.pk for n in rows if recipient.is_agent and can(recipient, Action.VIEW, n.ticket)]
        dropped = [n.pk for n in rows if n.pk not in keep]
        Notification.objects.filter(pk__in=dropped).update(email_state=EmailState.DROPPED)
        Notification.objects.filter(pk__in=keep).update(email_state=EmailState.SENDING)
        return keep


def _message(recipient: User, notes: list[Notification]) -> EmailMessage:
    stop_url = unsubscribe.url_for(recipient.pk)
    with translation.override(settings.LANGUAGE_CODE):
        ctx = {
            "recipient": recipient,
            "notes": notes,
            "site_url": settings.HELPDESK_SITE_URL,
            "unsubscribe_url": stop_url,
        }
        subject = render_to_string("emails/notification_digest_subject.txt", ctx).strip()
        body = render_to_string("emails/notification_digest.txt", ctx)
    headers = {
        "Auto-Submitted": "auto-generated",  # RFC 3834
        "List-Unsubscribe": f"<{stop_url}>",  # RFC 2369, one click per RFC 8058
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return EmailMessage(
        subject, body, None, [recipient.email], reply_to=_reply_to(notes), headers=headers
    )


def _reply_to(notes: list[Notification]) -> list[str]:
    """A digest about one ticket carries that ticket's reply address: the agent answers it
    from their mail client (``mail.inbound.process``)."""
    tickets = {n.ticket_id for n in notes}
    return [threading.reply_address(tickets.pop())] if len(tickets) == 1 else []


def deliver(recipient_id: str, *, up_to=None) -> int:
    """Send one digest of ``recipient_id``'s pending notifications; returns how many it held."""
    up_to = up_to or timezone.now()
    claimed = _claim(recipient_id, up_to)
    if not claimed:
        return 0
    notes = list(
        Notification.objects.filter(pk__in=claimed)
        .select_related("ticket", "recipient")
        .order_by("created_at", "id")
    )
    try:
        _message(notes[0].recipient, notes).send()
    except Exception:
        Notification.objects.filter(pk__in=claimed).update(email_state=EmailState.PENDING)
        raise
    Notification.objects.filter(pk__in=claimed).update(
        email_state=EmailState.SENT, emailed_at=timezone.now()
    )
    return len(notes)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=12,
)
def send_digest(self, recipient_id: str) -> int:
    return deliver(recipient_id)


@shared_task
def send_pending_digests() -> int:
    """Every agent whose oldest pending notification has waited a whole window."""
    due = timezone.now() - digest_window()
    recipient_ids = (
        Notification.objects.filter(email_state=EmailState.PENDING, created_at__lte=due)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in list(recipient_ids):
        try:
            sent += deliver(str(recipient_id))
        except OSError:
            logger.warning("SMTP refused the digest for %s; the next run retries", recipient_id)
    return sent
