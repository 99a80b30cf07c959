"""Delivering webhooks: one attempt per task run, retried with exponential backoff.

At most once in effect: an attempt first *claims* its delivery (a conditional UPDATE
that only one run can win: pending, due, not leased), so a task delivered twice, or
queued both by its retry and by ``retry_due``, sends once; a delivered row is never
sent again. If a worker dies after the receiver answered but before the result was
written, the lease expires and the same event (same ``X-Helpdesk-Event-Id``) is sent
again: receivers de-duplicate on that id.

Backoff: ``HELPDESK_WEBHOOK_RETRY_BASE * 2^(attempt-1)`` seconds, capped at
``HELPDESK_WEBHOOK_RETRY_MAX``, for ``HELPDESK_WEBHOOK_MAX_ATTEMPTS`` attempts (about a
day with the defaults). Short waits are Celery retries (``Task.retry(countdown=…)``);
waits longer than half the broker's visibility timeout are left to ``retry_due``, which
also resends rows whose message was lost.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
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
    return timedelta(seconds=settings.HELPDESK_WEBHOOK_TIMEOUT * 4 + 30)


def _claim(delivery_id: str, now) -> bool:
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = Q(next_attempt_at__lte=now + timedelta(seconds=1))
    rows = Delivery.objects.filter(Q(pk=delivery_id), due, free, status=Delivery.Status.PENDING)
    return rows.update(lease_until=now + _lease()) == 1


def attempt(delivery_id) -> Outcome:
    """Make one attempt at ``delivery_id`` if it is due and nobody else is on it."""
    now = timezone.now()
    if not _claim(delivery_id, now):
        return Outcome(sent=False)
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active and delivery.event_type != TEST_EVENT:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED, lease_until=None, last_error=_("Endpoint disabled.")
        )
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
        Endpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return Outcome(sent=True, ok=True)
    retry_in = None
    if attempts >= settings.HELPDESK_WEBHOOK_MAX_ATTEMPTS or delivery.event_type == TEST_EVENT:
        fields["status"] = Delivery.Status.FAILED
    else:
        retry_in = backoff(attempts)
        fields["next_attempt_at"] = done + timedelta(seconds=retry_in)
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    _count_failure(endpoint, result.error, done)
    logger.warning(
        "webhook %s to %s failed (attempt %d): %s", delivery.id, endpoint.pk, attempts, result.error
    )
    return Outcome(sent=True, ok=False, retry_in=retry_in)


def _count_failure(endpoint: Endpoint, error: str, now) -> None:
    Endpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    limit = settings.HELPDESK_WEBHOOK_DISABLE_AFTER
    disabled = Endpoint.objects.filter(
        pk=endpoint.pk, active=True, consecutive_failures__gte=limit
    ).update(active=False, disabled_at=now)
    if disabled:  # only the run that switched it off tells the admins
        _tell_admins(endpoint, error, limit)


def _tell_admins(endpoint: Endpoint, error: str, limit: int) -> None:
    recipients = list(
        User.objects.filter(role=Role.ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    logger.error(
        "webhook endpoint %s (%s) disabled after %d failures", endpoint.pk, endpoint.url, limit
    )
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Webhook endpoint disabled: %(name)s") % {"name": endpoint.name}
        body = _(
            "The webhook endpoint %(name)s (%(url)s) failed %(n)d times in a row and has been "
            'disabled. Last error: %(error)s\n\nFix the receiver, then tick "active" again in '
            "the admin: %(site)s/admin/webhooks/endpoint/%(id)s/change/"
        ) % {
            "name": endpoint.name,
            "url": endpoint.url,
            "n": limit,
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
    """Queue pending deliveries that are due and not being sent (every minute)."""
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = (
        Delivery.objects.filter(free, status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    ids = list(due)
    for delivery_id in ids:
        dispatch.enqueue(delivery_id)
    return len(ids)
