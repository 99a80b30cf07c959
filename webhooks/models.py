"""Webhook endpoints (configured per network in the admin) and their deliveries.

A ``Delivery`` is one event for one endpoint: written in the transaction of the ticket
change (transactional outbox), then sent by ``webhooks.tasks.deliver`` with retries. Its
id is the event id receivers de-duplicate on (``X-Helpdesk-Event-Id``).
"""

import json
import secrets
import uuid
from datetime import UTC

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Network
from webhooks.sender import Refused, check_url


class EventType(models.TextChoices):
    TICKET_CREATED = "ticket.created", _("Ticket created")
    STATUS_UPDATED = "ticket.status_updated", _("Ticket status updated")
    ASSIGNEE_UPDATED = "ticket.assignee_updated", _("Ticket assignee updated")
    COMMENT_CREATED = "ticket.comment_created", _("Comment created")


TEST_EVENT = "webhook.test"  # sent by the admin's "send test event" action, to any endpoint


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Endpoint(models.Model):
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("network"),
    )
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        default=new_secret,
        help_text=_("Receivers verify X-Helpdesk-Signature with it (HMAC-SHA256)."),
    )
    event_types = models.JSONField(_("event types"), default=list)
    active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("failed attempts in a row"), default=0)
    # The first failed attempt since the last success: disabled once it is old enough.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("disabled automatically at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["network", "name"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        try:
            check_url(self.url)  # at save and again at every send (DNS may change)
        except Refused as exc:
            raise ValidationError({"url": str(exc)}) from None
        if self.active and self.disabled_at is not None:  # re-enabled by an admin
            self.disabled_at = None
            self.consecutive_failures = 0
            self.failing_since = None
        super().save(*args, **kwargs)

    def clean(self):
        unknown = [t for t in self.event_types or [] if t not in EventType.values]
        if unknown or not isinstance(self.event_types, list):
            raise ValidationError({"event_types": _("Unknown event type.")})
        if self.url:
            try:
                check_url(self.url)
            except Refused as exc:
                raise ValidationError({"url": str(exc)}) from None

    @property
    def holds_events(self) -> bool:
        """Disabled automatically after a failure window: new events are kept (held) for a
        replay. An endpoint an admin switched off by hand gets none."""
        return not self.active and self.disabled_at is not None


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        # Written or due while its endpoint was disabled: kept until an admin replays it.
        HELD = "held", _("Held (endpoint disabled)")

    id = models.UUIDField(_("event id"), primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    event_type = models.CharField(_("event type"), max_length=40)
    activity_id = models.UUIDField(_("activity"), null=True, blank=True)
    ticket_id = models.UUIDField(_("ticket"), null=True, blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    last_latency_ms = models.PositiveIntegerField(_("latency (ms)"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            # One delivery per history entry per endpoint, whatever runs twice.
            models.UniqueConstraint(
                fields=["endpoint", "activity_id"],
                condition=Q(activity_id__isnull=False),
                name="webhook_delivery_once_per_activity",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["activity_id"], name="webhook_delivery_activity"),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_endpoint"),
            # In-order delivery: the earlier pending events of one ticket at one endpoint.
            models.Index(
                fields=["endpoint", "ticket_id", "created_at"],
                condition=Q(status="pending"),
                name="webhook_delivery_in_line",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"

    def envelope(self) -> dict:
        """What is sent: the event id, type, time, the endpoint's network and the payload."""
        created = self.created_at.astimezone(UTC).isoformat(timespec="milliseconds")
        return {
            "id": str(self.id),
            "type": self.event_type,
            "createdAt": created.replace("+00:00", "Z"),
            "networkId": str(self.endpoint.network_id),
            "data": self.payload,
        }

    def body(self) -> bytes:
        """The exact bytes sent and signed."""
        return json.dumps(self.envelope(), separators=(",", ":"), ensure_ascii=False).encode()
