"""Writes of the webhooks app that people make (the admin): replaying held and failed events.

``deliveries_replay`` puts an endpoint's held and failed events since a date back in line
(pending, attempts from zero), switches the endpoint back on if it was off, and after the
commit queues the first event of each ticket; the rest follow in order (``webhooks.tasks``).
Each event keeps its id, so a receiver that did get one before ignores it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from tickets.errors import NotAllowed, NotFound, ValidationFailed
from webhooks import dispatch
from webhooks.models import TEST_EVENT, Delivery, Endpoint

REPLAYABLE = (Delivery.Status.HELD, Delivery.Status.FAILED)


def replayable(*, endpoint: Endpoint, since: datetime):
    """The endpoint's held and failed events created at or after ``since``, oldest first."""
    return (
        Delivery.objects.filter(endpoint=endpoint, status__in=REPLAYABLE, created_at__gte=since)
        .exclude(event_type=TEST_EVENT)
        .order_by("created_at")
    )


@transaction.atomic
def deliveries_replay(*, actor: User, endpoint_id: int, since: datetime) -> int:
    """Send again the held and failed events of ``endpoint_id`` since ``since``; returns how
    many. ADMIN only."""
    if not (actor and actor.is_active and actor.role == Role.ADMIN):
        raise NotAllowed()
    endpoint = Endpoint.objects.select_for_update().filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound(_("Webhook endpoint not found."))
    now = timezone.now()
    if since > now:
        raise ValidationFailed.for_field("since", _("Choose a date that is not in the future."))
    rows = list(
        replayable(endpoint=endpoint, since=since)
        .select_for_update()
        .values_list("pk", "ticket_id")
    )
    Delivery.objects.filter(pk__in=[pk for pk, _ticket in rows]).update(
        status=Delivery.Status.PENDING,
        attempts=0,
        next_attempt_at=now,
        lease_until=None,
        last_error="",
    )
    if not endpoint.active:
        Endpoint.objects.filter(pk=endpoint.pk).update(
            active=True, disabled_at=None, failing_since=None, consecutive_failures=0
        )
    heads, seen = [], set()
    for pk, ticket_id in rows:  # one ticket's first event; the others follow it in order
        if ticket_id is None or ticket_id not in seen:
            heads.append(pk)
            seen.add(ticket_id)
    transaction.on_commit(lambda: [dispatch.enqueue(pk) for pk in heads])
    return len(rows)
