"""Tickets and their priorities."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area, Location, Membership
from tickets.models.choices import PauseKind, SpacebringType, Tipo
from tickets.workflow import OPEN_Q, TERMINAL_STATUSES, Status, sla_clock_end


class Priority(models.Model):
    name = models.CharField(_("name"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower comes first: 1 is the most urgent.")
    )
    sla_hours = models.PositiveIntegerField(_("SLA hours"))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = self.name.strip().upper()
        super().save(*args, **kwargs)


class Ticket(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=40, unique=True)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("location")
    )

    type = models.CharField(
        _("type"), max_length=40, choices=SpacebringType.choices, default=SpacebringType.OTHER
    )
    tipo = models.CharField(_("kind"), max_length=20, choices=Tipo.choices, default=Tipo.SOLICITUD)
    categoria = models.CharField(_("category"), max_length=100, blank=True)
    subcategoria = models.CharField(_("subcategory"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    description = models.TextField(_("description"))

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NUEVO
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("priority")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("area")
    )

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requested_tickets",
        verbose_name=_("requester"),
    )
    requester_membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requester membership"),
    )
    requester_name = models.CharField(_("requester name"), max_length=150, blank=True)
    requester_email = models.EmailField(_("requester e-mail"), blank=True)
    requester_phone = models.CharField(_("requester phone"), max_length=30, blank=True)
    requester_document = models.CharField(_("requester document"), max_length=50, blank=True)
    requester_company = models.CharField(_("company / department"), max_length=150, blank=True)
    requester_whatsapp = models.BooleanField(_("has WhatsApp"), default=False)
    # The language the requester opened the ticket in (a code of settings.LANGUAGES; empty:
    # the site's LANGUAGE_CODE): their e-mails and the requester pages of the ticket use it.
    requester_language = models.CharField(_("requester's language"), max_length=8, blank=True)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )
    assignee_membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assignee membership"),
    )

    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up of"),
        help_text=_("The closed ticket the requester answered, which opened this one."),
    )

    # The SLA (issue 20, docs/sla.md): due dates kept by the services in business time of
    # the area's calendar; lists, filters and the dot read these columns.
    sla_due_at = models.DateTimeField(_("SLA due"))  # resolution due
    sla_resolution_minutes = models.PositiveIntegerField(
        _("resolution target (business minutes)"), null=True, blank=True
    )
    sla_first_response_minutes = models.PositiveIntegerField(
        _("first response target (business minutes)"), null=True, blank=True
    )
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("first responded"), null=True, blank=True)
    sla_paused_at = models.DateTimeField(_("SLA paused since"), null=True, blank=True)
    # Nullable (empty reads 0): a NOT NULL column would make SQLite rebuild the table and
    # drop the stats triggers of migration 0005.
    sla_paused_seconds = models.PositiveIntegerField(
        _("business seconds paused"), null=True, blank=True
    )
    # What a PAUSADO ticket waits for (``PauseKind``); empty when not paused. Nullable for
    # the same reason as ``sla_paused_seconds``.
    pause_kind = models.CharField(
        _("waiting for"), max_length=20, choices=PauseKind.choices, null=True, blank=True
    )
    first_response_business_minutes = models.PositiveIntegerField(
        _("first response time (business minutes)"), null=True, blank=True
    )
    resolution_business_minutes = models.PositiveIntegerField(
        _("resolution time (business minutes)"), null=True, blank=True
    )
    # A duplicate merged (``ticket_merge``, CANCELADO) into the ticket that goes on.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )

    resolved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    registration_ip = models.GenericIPAddressField(_("registration IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    status_updated_at = models.DateTimeField(_("status updated"), default=timezone.now)
    # When the SLA alerts were recorded (``ticket_record_sla_alert``): one of each, ever.
    sla_warned_at = models.DateTimeField(_("SLA warning sent"), null=True, blank=True)
    sla_breach_alerted_at = models.DateTimeField(_("SLA breach alert sent"), null=True, blank=True)
    first_response_alerted_at = models.DateTimeField(
        _("first response breach alert sent"), null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(fields=["location", "number"], name="ticket_location_number"),
        ]
        indexes = [
            # The agents' lists: by area and status, newest first.
            models.Index(
                fields=["area", "status", "-created_at"], name="ticket_area_status_created"
            ),
            models.Index(fields=["status", "-created_at"], name="ticket_status_created"),
            # Keyset pagination (Spacebring list) walks (created_at, id).
            models.Index(fields=["-created_at", "-id"], name="ticket_created_id"),
            # An AREA agent's list and the keyset pages of one status walk these.
            models.Index(fields=["area", "-created_at", "-id"], name="ticket_area_created_id"),
            models.Index(fields=["status", "-created_at", "-id"], name="ticket_status_created_id"),
            models.Index(fields=["-updated_at", "-id"], name="ticket_updated_id"),
            models.Index(fields=["requester_email"], name="ticket_requester_email"),
            # "My tickets": one requester's tickets, newest first (keyset).
            models.Index(
                fields=["requester_email", "-created_at", "-id"], name="ticket_requester_created"
            ),
            # Auto-close: solved tickets by when they were solved.
            models.Index(fields=["status", "status_updated_at"], name="ticket_status_changed"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_status"),
            models.Index(fields=["sla_due_at"], name="ticket_sla_due"),
            models.Index(fields=["first_response_due_at"], name="ticket_first_response_due"),
            # The queue's default: open tickets by SLA urgency, keyset-paginated on
            # (sla_due_at, id); the AREA agent's queue walks its area's part.
            models.Index(fields=["sla_due_at", "id"], name="ticket_open_sla_id", condition=OPEN_Q),
            models.Index(
                fields=["area", "sla_due_at", "id"],
                name="ticket_area_open_sla_id",
                condition=OPEN_Q,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.subject}".strip()

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @property
    def sla_hours(self) -> int:
        """The resolution target in (business) hours: the policy's, else the priority's."""
        if self.sla_resolution_minutes is not None:
            return self.sla_resolution_minutes // 60
        return self.priority.sla_hours

    def sla_clock_end(self, now: datetime | None = None) -> datetime:
        """Where the SLA clock stops: ``tickets.workflow.sla_clock_end``'s one rule (its
        queryset form: ``tickets.workflow.sla_clock_end_expression``)."""
        return sla_clock_end(self, now)

    def sla_remaining_hours(self, now: datetime | None = None) -> float:
        """Wall-clock hours left before the SLA is due (negative once breached), unrounded;
        frozen once stopped. What screens show is business time (``tickets.sla.status``)."""
        return (self.sla_due_at - self.sla_clock_end(now)) / timedelta(hours=1)

    def sla_breached(self, now: datetime | None = None) -> bool:
        """The one breach rule (docs/sla.md): the clock stopped, or now is, after the due
        instant — compared exactly, never on a rounded figure."""
        return self.sla_due_at < self.sla_clock_end(now)
