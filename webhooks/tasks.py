"""Delivering webhooks: one attempt per task run, retried with exponential backoff, one
ticket's events in order.

At most once in effect: an attempt first *claims* its delivery (a conditional UPDATE
that only one run can win: pending, due, not leased, no earlier event of the same ticket
still pending for that endpoint), so a task delivered twice, or queued both by its retry and
by ``retry_due``, sends once; a delivered row is never sent again. The lease outlasts the
longest attempt (``sender.post`` bounds the whole attempt by ``HELPDESK_WEBHOOK_TIMEOUT``),
so no retry starts while an earlier attempt of the same delivery may still be in flight.
If a worker dies after the receiver answered but before the result was written, the lease
expires and the same event (same ``X-Helpdesk-Event-Id``) is sent again: receivers
de-duplicate on that id.

In order: a later event of a ticket waits while an earlier one is pending (retrying); when
an event is done (delivered, failed for good, or held) the next one of its ticket is queued.

Backoff: ``HELPDESK_WEBHOOK_RETRY_BASE * 2^(attempt-1)`` seconds, capped at
``HELPDESK_WEBHOOK_RETRY_MAX``, for ``HELPDESK_WEBHOOK_MAX_ATTEMPTS`` attempts (about a
day with the defaults). Short waits are Celery retries (``Task.retry(countdown=…)``);
waits longer than half the broker's visibility timeout are left to ``retry_due``, which
also resends rows whose message was lost.

An endpoint whose every attempt has failed for ``HELPDESK_WEBHOOK_DISABLE_AFTER_SECONDS``
is disabled and the admins are told; its pending and new events are *held* (not failed)
until an admin replays them.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from webhooks import dispatch, sender
from webhooks.models import TEST_EVENT, Delivery, Endpoint

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500


@dataclass(frozen=True)
class Outcome:
    sent: bool  # an attempt was made (False: nothing to do, someone else has it)
    ok: bool = False
    retry_in: int | None = None  # seconds until the next attempt, when one is due


def backoff(attempts: int) -> int:
    """Seconds to wait after the ``attempts``-th failed attempt."""
    base = settings.HELPDESK_WEBHOOK_RETRY_BASE
    return int(min(base * 2 ** max(attempts - 1, 0), settings.HELPDESK_WEBHOOK_RETRY_MAX))


def _lease() -> timedelta:
    # Longer than the longest attempt (sender.post stops at HELPDESK_WEBHOOK_TIMEOUT).
    return timedelta(seconds=settings.HELPDESK_WEBHOOK_TIMEOUT * 4 + 30)


def _earlier_pending():
    """An earlier event of the same ticket still pending at the same endpoint."""
    return Exists(
        Delivery.objects.filter(
            endpoint_id=OuterRef("endpoint_id"),
            ticket_id=OuterRef("ticket_id"),
            status=Delivery.Status.PENDING,
            created_at__lt=OuterRef("created_at"),
        )
    )


def _claim(delivery_id: str, now) -> bool:
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = Q(next_attempt_at__lte=now + timedelta(seconds=1))
    rows = Delivery.objects.filter(
        Q(pk=delivery_id), due, free, ~_earlier_pending(), status=Delivery.Status.PENDING
    )
    return rows.update(lease_until=now + _lease()) == 1


def _queue_next_in_line(delivery: Delivery) -> None:
    """This event is done: the next pending one of its ticket at this endpoint may go."""
    if delivery.ticket_id is None:
        return
    following = (
        Delivery.objects.filter(
            endpoint_id=delivery.endpoint_id,
            ticket_id=delivery.ticket_id,
            status=Delivery.Status.PENDING,
            created_at__gt=delivery.created_at,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)
        .first()
    )
    if following is not None:
        dispatch.enqueue(following)


def attempt(delivery_id) -> Outcome:
    """Make one attempt at ``delivery_id`` if it is due and nobody else is on it."""
    now = timezone.now()
    if not _claim(delivery_id, now):
        return Outcome(sent=False)
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active and delivery.event_type != TEST_EVENT:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.HELD,
            lease_until=None,
            last_error=_("Endpoint disabled: held until an admin replays it."),
        )
        _queue_next_in_line(delivery)
        return Outcome(sent=False)
    result = sender.post(
        url=endpoint.url,
        secret=endpoint.secret,
        body=delivery.body(),
        event_id=str(delivery.id),
        event_type=delivery.event_type,
    )
    attempts = delivery.attempts + 1
    fields = {
        "attempts": attempts,
        "lease_until": None,
        "last_status_code": result.status_code,
        "last_latency_ms": result.latency_ms,
        "last_error": result.error,
    }
    done = timezone.now()
    if result.ok:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.DELIVERED, delivered_at=done, **fields
        )
        Endpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0, failing_since=None)
        _queue_next_in_line(delivery)
        return Outcome(sent=True, ok=True)
    retry_in = None
    if attempts >= settings.HELPDESK_WEBHOOK_MAX_ATTEMPTS or delivery.event_type == TEST_EVENT:
        fields["status"] = Delivery.Status.FAILED
    else:
        retry_in = backoff(attempts)
        fields["next_attempt_at"] = done + timedelta(seconds=retry_in)
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    if retry_in is None:
        _queue_next_in_line(delivery)
    _count_failure(endpoint, result.error, done)
    logger.warning(
        "webhook %s to %s failed (attempt %d): %s", delivery.id, endpoint.pk, attempts, result.error
    )
    return Outcome(sent=True, ok=False, retry_in=retry_in)


def _count_failure(endpoint: Endpoint, error: str, now) -> None:
    """One more failed attempt; disabled once every attempt has failed for the window."""
    Endpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    Endpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=now)
    window = settings.HELPDESK_WEBHOOK_DISABLE_AFTER_SECONDS
    disabled = Endpoint.objects.filter(
        pk=endpoint.pk, active=True, failing_since__lte=now - timedelta(seconds=window)
    ).update(active=False, disabled_at=now)
    if disabled:  # only the run that switched it off tells the admins
        _tell_admins(endpoint, error, window)


def _tell_admins(endpoint: Endpoint, error: str, window: int) -> None:
    recipients = list(
        User.objects.filter(role=Role.ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    logger.error(
        "webhook endpoint %s (%s) disabled: every attempt failed for %d s",
        endpoint.pk,
        endpoint.url,
        window,
    )
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Webhook endpoint disabled: %(name)s") % {"name": endpoint.name}
        body = _(
            "Every attempt to the webhook endpoint %(name)s (%(url)s) has failed for "
            "%(minutes)d minutes, so it has been disabled. Last error: %(error)s\n\n"
            "Its events are kept (held), not lost. Fix the receiver, then replay the held "
            "and failed events from the date you choose: %(site)s/admin/webhooks/endpoint/"
            "%(id)s/replay/"
        ) % {
            "name": endpoint.name,
            "url": endpoint.url,
            "minutes": max(1, window // 60),
            "error": error or "-",
            "site": settings.HELPDESK_SITE_URL.rstrip("/"),
            "id": endpoint.pk,
        }
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # noqa: BLE001 - the endpoint is off either way; the log says why
        logger.exception("could not e-mail the admins about endpoint %s", endpoint.pk)


@shared_task(
    bind=True,
    name="webhooks.deliver",
    ignore_result=True,
    max_retries=None,  # our own limit: HELPDESK_WEBHOOK_MAX_ATTEMPTS, kept on the row
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
)
def deliver(self, delivery_id: str) -> None:
    outcome = attempt(delivery_id)
    if outcome.retry_in is None or self.request.is_eager:
        return
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    if outcome.retry_in <= visibility // 2:
        raise self.retry(countdown=outcome.retry_in, queue=settings.HELPDESK_WEBHOOK_QUEUE)
    # Longer waits: the row's next_attempt_at; retry_due queues it when it falls due.


@shared_task(name="webhooks.retry_due", ignore_result=True)
def retry_due() -> int:
    """Queue pending deliveries that are due, not being sent and first in their ticket's
    line (every minute)."""
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = (
        Delivery.objects.filter(
            free, ~_earlier_pending(), status=Delivery.Status.PENDING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    ids = list(due)
    for delivery_id in ids:
        dispatch.enqueue(delivery_id)
    return len(ids)
