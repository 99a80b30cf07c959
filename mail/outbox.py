"""Sending outbox rows: at most once each, retried with backoff while SMTP is unreachable.

``deliver(pk)`` is what every sender runs (the Celery task, the in-process background
sender, ``manage.py send_pending_mail``):

1. *Claim* the row: one conditional UPDATE moves it from ``pending`` to ``sending`` and
   stamps ``claimed_at``. Only one caller wins, so a task delivered twice (acks late, a
   worker that died, the sweep racing a retry) sends once.
2. Build the message, open the SMTP connection (connect, EHLO, STARTTLS, AUTH) and give the
   envelope (MAIL FROM, RCPT TO). Nothing has been handed over yet.
3. Just before ``DATA`` the row is stamped ``handed_over_at``, on condition that the claim is
   still this sender's; if the sweep gave the row back meanwhile, the sender stops there.
4. ``sent`` on success. On a temporary failure (connection refused or timed out, 4xx) the row
   goes back to ``pending`` with ``next_attempt_at`` after an exponential backoff and
   :class:`TemporaryFailure` is raised for the caller to retry; after
   ``HELPDESK_MAIL_MAX_ATTEMPTS`` tries, or on a permanent refusal (5xx, a template error),
   it is ``failed`` and logged.

A sender killed (or a connection lost) *before* step 3 handed nothing over: ``due`` gives the
row back to ``pending`` after ``HELPDESK_MAIL_CLAIM_SECONDS`` and it is sent again. After
step 3 nobody can tell whether the server took it, so it is not sent again (at most once);
``due`` marks such rows ``failed`` after ``HELPDESK_MAIL_STALE_SECONDS``, for an operator.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone

from mail import compose
from mail.models import Delivery

logger = logging.getLogger(__name__)
S = Delivery.Status


class TemporaryFailure(Exception):
    """The message could not be handed over now; try again later."""


class ClaimLost(Exception):
    """The row was given back (or taken) while this sender was still connecting."""


class _Ambiguous(Exception):
    """The connection failed after DATA began: the server may have the message."""


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
    claim = timezone.now()
    claimed = Delivery.objects.filter(pk=pk, status=S.PENDING).update(
        status=S.SENDING, claimed_at=claim, handed_over_at=None, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    delivery = Delivery.objects.select_related("ticket__priority", "ticket__area").get(pk=pk)
    try:
        message = compose.build(delivery)
        delivery.message_id = message.extra_headers["Message-ID"]
    except Exception as exc:  # noqa: BLE001 - a message that cannot be built never will be
        logger.exception("e-mail %s (%s) cannot be built", pk, delivery.template)
        _finish(delivery, claim, S.FAILED, f"{type(exc).__name__}: {exc}")
        return "failed"
    try:
        _hand_over(delivery, claim, message)
    except ClaimLost:
        logger.warning("e-mail %s was given back while connecting; not sent by this run", pk)
        return "skipped"
    except _Ambiguous as exc:
        error = f"Interrupted after DATA began ({exc.__cause__}): it may have left, so it is " \
            "not sent again. Check the mail server's log."
        logger.error("e-mail %s to %s: %s", pk, delivery.recipient, error)
        _finish(delivery, claim, S.FAILED, error)
        return "failed"
    except (smtplib.SMTPException, OSError) as exc:
        error = f"{type(exc).__name__}: {exc}"
        if _permanent(exc) or delivery.attempts >= max_attempts():
            logger.error("e-mail %s to %s failed for good: %s", pk, delivery.recipient, error)
            _finish(delivery, claim, S.FAILED, error)
            return "failed"
        logger.warning("e-mail %s to %s not sent (try %d): %s", pk, delivery.recipient,
                       delivery.attempts, error)
        Delivery.objects.filter(pk=pk, status=S.SENDING, claimed_at=claim).update(
            status=S.PENDING,
            last_error=error[:2000],
            message_id=delivery.message_id,
            handed_over_at=None,
            next_attempt_at=timezone.now() + timedelta(seconds=backoff_seconds(delivery.attempts)),
        )
        raise TemporaryFailure(error) from exc
    _finish(delivery, claim, S.SENT, "")
    return "sent"


def _hand_over(delivery: Delivery, claim, message) -> None:
    """Send ``message``, stamping the row the moment DATA is about to begin (SMTP), or just
    before handing it to a backend that is not SMTP (console, tests' in-memory outbox)."""

    def mark() -> None:
        stamped = Delivery.objects.filter(
            pk=delivery.pk, status=S.SENDING, claimed_at=claim
        ).update(handed_over_at=timezone.now())
        if not stamped:
            raise ClaimLost(delivery.pk)

    backend = get_connection()
    try:
        backend.open()  # connect, EHLO, STARTTLS, AUTH: refused or timed out = not handed over
        smtp = getattr(backend, "connection", None)
        if isinstance(smtp, smtplib.SMTP):
            data = smtp.data

            def data_after_mark(msg):
                mark()
                try:
                    return data(msg)
                except smtplib.SMTPResponseException:
                    raise  # the server answered: it refused (4xx/5xx), nothing was taken
                except (smtplib.SMTPException, OSError) as exc:
                    raise _Ambiguous() from exc

            smtp.data = data_after_mark
        else:
            mark()
        backend.send_messages([message])
    finally:
        try:
            backend.close()
        except Exception:  # noqa: BLE001 - QUIT on a dead connection; what happened is known
            logger.debug("closing the SMTP connection failed", exc_info=True)


def _finish(delivery: Delivery, claim, status: str, error: str) -> None:
    """Record the outcome, if the row is still this sender's claim (not given back)."""
    Delivery.objects.filter(pk=delivery.pk, status=S.SENDING, claimed_at=claim).update(
        status=status,
        last_error=error[:2000],
        message_id=delivery.message_id,
        sent_at=timezone.now() if status == S.SENT else None,
    )


def due(limit: int = 200, *, grace: float = 0.0) -> list[int]:
    """Pending rows whose next attempt is due (``grace`` seconds late, to leave queued
    retries their turn), oldest first; rows whose sender vanished before DATA are given back
    (sent again), rows interrupted after DATA began are retired (never sent again)."""
    now = timezone.now()
    claim_seconds = int(getattr(settings, "HELPDESK_MAIL_CLAIM_SECONDS", 120))
    abandoned = Q(
        status=S.SENDING,
        handed_over_at__isnull=True,
        claimed_at__lt=now - timedelta(seconds=claim_seconds),
    )
    given_back = list(Delivery.objects.filter(abandoned).values_list("pk", flat=True)[:limit])
    if given_back:  # no task will come back for these: due now, whatever ``grace`` says
        Delivery.objects.filter(abandoned, pk__in=given_back).update(
            status=S.PENDING,
            next_attempt_at=now,
            last_error="Interrupted before the message was handed over to the mail server: "
            "sent again.",
        )
        logger.warning("%d e-mail(s) interrupted before DATA queued again", len(given_back))
    stale = int(getattr(settings, "HELPDESK_MAIL_STALE_SECONDS", 900))
    retired = Delivery.objects.filter(
        status=S.SENDING,
        handed_over_at__isnull=False,
        claimed_at__lt=now - timedelta(seconds=stale),
    ).update(
        status=S.FAILED,
        last_error="Interrupted while sending: it may or may not have left, so it is not "
        "sent again. Check the mail server's log.",
    )
    if retired:
        logger.error("%d e-mail(s) interrupted while sending marked failed", retired)
    pending = Delivery.objects.filter(
        status=S.PENDING, next_attempt_at__lte=now - timedelta(seconds=grace)
    ).exclude(pk__in=given_back)
    rest = pending.order_by("next_attempt_at", "pk").values_list("pk", flat=True)
    return given_back + list(rest[: max(0, limit - len(given_back))])
