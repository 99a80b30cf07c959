"""Sending outbox rows: at most once each, retried with backoff while SMTP is unreachable.

``deliver(pk)`` is what every sender runs (the Celery task, the in-process background
sender, ``manage.py send_pending_mail``):

1. *Claim* the row: one conditional UPDATE moves it from ``pending`` to ``sending``. Only one
   caller wins, so a task delivered twice (acks late, a worker that died, the sweep racing a
   retry) sends once; a row already ``sent`` or being sent is left alone.
2. Build the message and hand it to the e-mail backend (SMTP with ``EMAIL_TIMEOUT``).
3. ``sent`` on success. On a temporary failure (connection refused or timed out, 4xx) the row
   goes back to ``pending`` with ``next_attempt_at`` after an exponential backoff and
   :class:`TemporaryFailure` is raised for the caller to retry; after
   ``HELPDESK_MAIL_MAX_ATTEMPTS`` tries, or on a permanent refusal (5xx, a template error),
   it is ``failed`` and logged.

A sender killed between the SMTP hand-off and step 3 leaves the row ``sending``: nobody can
tell whether the server took it, so it is not sent again (at most once);
``sweep`` marks such rows ``failed`` after ``HELPDESK_MAIL_STALE_SECONDS``, for an operator.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from mail import compose
from mail.models import Delivery

logger = logging.getLogger(__name__)
S = Delivery.Status


class TemporaryFailure(Exception):
    """The message could not be handed over now; try again later."""


def max_attempts() -> int:
    return int(getattr(settings, "HELPDESK_MAIL_MAX_ATTEMPTS", 12))


def backoff_seconds(attempts: int) -> float:
    """Seconds before try ``attempts + 1``: 2, 4, 8… capped at HELPDESK_MAIL_RETRY_BACKOFF_MAX."""
    cap = float(getattr(settings, "HELPDESK_MAIL_RETRY_BACKOFF_MAX", 600))
    return min(cap, 2.0 ** max(1, attempts))


def _permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def deliver(pk: int) -> str:
    """Send outbox row ``pk`` if it is pending. Returns what happened."""
    now = timezone.now()
    claimed = Delivery.objects.filter(pk=pk, status=S.PENDING).update(
        status=S.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    delivery = Delivery.objects.select_related("ticket__priority", "ticket__area").get(pk=pk)
    try:
        message = compose.build(delivery)
        delivery.message_id = message.extra_headers["Message-ID"]
    except Exception as exc:  # noqa: BLE001 - a message that cannot be built never will be
        logger.exception("e-mail %s (%s) cannot be built", pk, delivery.template)
        _finish(delivery, S.FAILED, f"{type(exc).__name__}: {exc}")
        return "failed"
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        error = f"{type(exc).__name__}: {exc}"
        if _permanent(exc) or delivery.attempts >= max_attempts():
            logger.error("e-mail %s to %s failed for good: %s", pk, delivery.recipient, error)
            _finish(delivery, S.FAILED, error)
            return "failed"
        logger.warning("e-mail %s to %s not sent (try %d): %s", pk, delivery.recipient,
                       delivery.attempts, error)
        Delivery.objects.filter(pk=pk, status=S.SENDING).update(
            status=S.PENDING,
            last_error=error[:2000],
            message_id=delivery.message_id,
            next_attempt_at=timezone.now() + timedelta(seconds=backoff_seconds(delivery.attempts)),
        )
        raise TemporaryFailure(error) from exc
    _finish(delivery, S.SENT, "")
    return "sent"


def _finish(delivery: Delivery, status: str, error: str) -> None:
    Delivery.objects.filter(pk=delivery.pk, status=S.SENDING).update(
        status=status,
        last_error=error[:2000],
        message_id=delivery.message_id,
        sent_at=timezone.now() if status == S.SENT else None,
    )


def due(limit: int = 200, *, grace: float = 0.0) -> list[int]:
    """Pending rows whose next attempt is due (``grace`` seconds late, to leave queued
    retries their turn), oldest first; and retire rows stuck in ``sending``."""
    now = timezone.now()
    stale = int(getattr(settings, "HELPDESK_MAIL_STALE_SECONDS", 900))
    retired = Delivery.objects.filter(
        status=S.SENDING, claimed_at__lt=now - timedelta(seconds=stale)
    ).update(
        status=S.FAILED,
        last_error="Interrupted while sending: it may or may not have left, so it is not "
        "sent again. Check the mail server's log.",
    )
    if retired:
        logger.error("%d e-mail(s) interrupted while sending marked failed", retired)
    return list(
        Delivery.objects.filter(
            status=S.PENDING, next_attempt_at__lte=now - timedelta(seconds=grace)
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
