"""A ticket's append-only history and the files sent with it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from tickets.models.choices import ActivityType
from tickets.models.ticket import Ticket


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

