"""The domain: tickets, their priorities and their append-only history.

Models hold data and a few derived read-only helpers. Every change of a ticket goes
through ``tickets.services``; nothing here decides who may do what.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area, Location, Membership


class Status(models.TextChoices):
    NUEVO = "NUEVO", _("New")
    ASIGNADO = "ASIGNADO", _("Assigned")
    EN_PROCESO = "EN_PROCESO", _("In progress")
    PAUSADO = "PAUSADO", _("Paused")
    TRANSFERIDO = "TRANSFERIDO", _("Transferred")
    RECLASIFICADO = "RECLASIFICADO", _("Reclassified")
    RESUELTO = "RESUELTO", _("Solved")
    CERRADO = "CERRADO", _("Closed")
    CANCELADO = "CANCELADO", _("Cancelled")
    ARCHIVADO = "ARCHIVADO", _("Archived")


class Tipo(models.TextChoices):
    """Mesa de Ayuda request kind."""

    PETICION = "PETICION", _("Request")
    QUEJA = "QUEJA", _("Complaint")
    RECLAMO = "RECLAMO", _("Claim")
    SUGERENCIA = "SUGERENCIA", _("Suggestion")
    INCIDENTE = "INCIDENTE", _("Incident")
    SOLICITUD = "SOLICITUD", _("Service request")
    CONSULTA = "CONSULTA", _("Question")


class SpacebringType(models.TextChoices):
    ACCESS = "access", _("Access")
    ACCOUNT_AND_BILLING = "accountAndBilling", _("Account and billing")
    BOOKINGS = "bookings", _("Bookings")
    CLEANING = "cleaning", _("Cleaning")
    DISCRIMINATION_AND_HARASSMENT = (
        "discriminationAndHarassment",
        _("Discrimination and harassment"),
    )
    INTERNET = "internet", _("Internet")
    MAIL_AND_PACKAGES = "mailAndPackages", _("Mail and packages")
    NOISE_AND_ACOUSTICS = "noiseAndAcoustics", _("Noise and acoustics")
    OFFENSIVE_CONTENT = "offensiveOrObjectionableContent", _("Offensive or objectionable content")
    OTHER = "other", _("Other")
    PRINTING = "printing", _("Printing")
    REPAIR_AND_MAINTENANCE = "repairAndMaintenance", _("Repair and maintenance")
    TEMPERATURE_AND_VENTILATION = "temperatureAndVentilation", _("Temperature and ventilation")
    WEBSITE_AND_APP = "websiteAndApp", _("Website and app")


class ActivityType(models.TextChoices):
    TICKET_CREATED = "ticketCreated", _("Ticket created")
    STATUS_UPDATED = "statusUpdated", _("Status updated")
    ASSIGNEE_UPDATED = "assigneeUpdated", _("Assignee updated")
    COMMENT = "comment", _("Comment")
    AREA_TRANSFERRED = "areaTransferred", _("Area transferred")
    RECLASSIFIED = "reclassified", _("Reclassified")
    SLA_ALERT = "slaAlert", _("SLA alert")
    TAGS_UPDATED = "tagsUpdated", _("Tags changed")  # internal, agents only
    RATING = "rating", _("Satisfaction rating")


class SlaAlertKind(models.TextChoices):
    WARNING = "warning", _("SLA breaching soon")
    BREACH = "breach", _("SLA breached")
    FIRST_RESPONSE_BREACH = "firstResponseBreach", _("First response overdue")


# Open (not solved, closed, cancelled nor archived): ``tickets.workflow.OPEN_STATUSES``.
OPEN_VALUES = sorted(
    [
        Status.NUEVO,
        Status.ASIGNADO,
        Status.EN_PROCESO,
        Status.PAUSADO,
        Status.TRANSFERIDO,
        Status.RECLASIFICADO,
    ]
)
OPEN_Q = Q(status__in=OPEN_VALUES)


class PauseKind(models.TextChoices):
    """What a paused ticket waits for. The requester's answer, by any way in, resumes a
    ticket that waits for them (``services.requester``); a third party's does not come
    through the helpdesk, so that pause lasts until an agent resumes it."""

    REQUESTER = "requester", _("Waiting for the requester")
    THIRD_PARTY = "third_party", _("Waiting for a third party")


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
        from tickets.workflow import TERMINAL_STATUSES

        return self.status in TERMINAL_STATUSES

    @property
    def sla_hours(self) -> int:
        """The resolution target in (business) hours: the policy's, else the priority's."""
        if self.sla_resolution_minutes is not None:
            return self.sla_resolution_minutes // 60
        return self.priority.sla_hours

    def sla_clock_end(self, now: datetime | None = None) -> datetime:
        """Where the SLA clock stops: when solved, when cancelled/archived, when paused
        (it runs again on resume, the due date moved by the pause), else now.

        ``tickets.selectors.sla_breached_q`` is the same rule for querysets.
        """
        if self.resolved_at is not None:
            return self.resolved_at
        if self.status in (Status.CANCELADO, Status.ARCHIVADO):
            return self.status_updated_at
        if self.sla_paused_at is not None:
            return self.sla_paused_at
        return now or timezone.now()

    def sla_remaining_hours(self, now: datetime | None = None) -> float:
        """Wall-clock hours left before the SLA is due (negative once breached), unrounded;
        frozen once stopped. What screens show is business time (``tickets.sla.status``)."""
        return (self.sla_due_at - self.sla_clock_end(now)) / timedelta(hours=1)

    def sla_breached(self, now: datetime | None = None) -> bool:
        """The one breach rule (docs/sla.md): the clock stopped, or now is, after the due
        instant — compared exactly, never on a rounded figure."""
        return self.sla_due_at < self.sla_clock_end(now)


class ActivityQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public=True)


class Activity(models.Model):
    """One entry of a ticket's history. Append-only: never edited nor deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="activities", verbose_name=_("ticket")
    )
    type = models.CharField(_("type"), max_length=20, choices=ActivityType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_snapshot = models.JSONField(_("actor as it was"), default=dict, blank=True)
    actor_membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor membership"),
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    public = models.BooleanField(
        _("public"), default=True, help_text=_("Visible to the requester on lookup.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="activity_ticket_created"),
            # The admin's history changelist, newest first, keyset-paginated.
            models.Index(fields=["-created_at", "-id"], name="activity_created_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=[choice.value for choice in ActivityType]),
                name="activity_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {self.ticket.label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("History is append-only: an activity cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("History is append-only: an activity cannot be deleted.")


class Attachment(models.Model):
    """A file sent with a history entry. The bytes live in the attachments storage
    (``tickets.files.storage``) under ``path``; the row says what they are and who may read
    them: ``public`` is the activity's, so an internal note's files stay internal.

    A row without ``activity`` is an upload not yet referenced (the Spacebring face uploads
    first, then a create or comment names the ``key``); the sweep removes those left over.
    Nothing is ever served from storage directly: every download asks
    ``tickets.selectors.attachment_for``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(_("key"), max_length=64, unique=True)
    path = models.CharField(_("storage path"), max_length=255)
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("ticket"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("activity"),
    )
    network = models.ForeignKey(
        "accounts.Network",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network"),
    )
    name = models.CharField(_("name"), max_length=150)
    mime = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    public = models.BooleanField(_("public"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [
            models.Index(fields=["activity", "created_at"], name="attachment_activity"),
            # The sweep: uploads never referenced, oldest first.
            models.Index(
                fields=["created_at"],
                name="attachment_pending",
                condition=Q(activity__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


# Their own modules, same app: SLA policies (targets per priority and area) and the
# dashboards' counters and rollups (kept by triggers).
# Their own modules, same app: related tickets, canned responses, and the dashboards'
# counters and rollups (kept by triggers).
from tickets.link_models import TicketLink  # noqa: E402, F401
from tickets.macro_models import Macro  # noqa: E402, F401
from tickets.sla_models import SlaPolicy  # noqa: E402, F401
from tickets.stats_models import TicketCounter, TicketRollup  # noqa: E402, F401

# Agents' tags and saved queue views (issue 18): their own modules, same app.
from tickets.tag_models import Tag, TicketTag  # noqa: E402, F401
from tickets.view_models import SavedView, Visibility  # noqa: E402, F401
