"""What agents hear about: one row per (recipient, event), written in the transaction of the
ticket change that caused it (``notifications.receivers``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to you")
    AREA_INCOMING = "area_incoming", _("Transferred into your area")
    NEW_TICKET = "new_ticket", _("New ticket in your area")
    REQUESTER_REPLIED = "requester_replied", _("The requester replied")
    MENTIONED = "mentioned", _("You were mentioned")
    SLA_WARNING = "sla_warning", _("SLA breaching soon")
    SLA_BREACH = "sla_breach", _("SLA breached")


# Kinds e-mailed unless the agent turns them off; "new ticket in your area" is opt-in.
DEFAULT_EMAIL_KINDS = [k.value for k in Kind if k != Kind.NEW_TICKET]


def default_email_kinds() -> list[str]:
    return list(DEFAULT_EMAIL_KINDS)


class EmailState(models.TextChoices):
    NONE = "none", _("not e-mailed")
    PENDING = "pending", _("waiting for the digest")
    SENDING = "sending", _("being e-mailed")
    SENT = "sent", _("e-mailed")
    DROPPED = "dropped", _("not sent: the ticket is no longer visible")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="+", verbose_name=_("ticket")
    )
    activity = models.ForeignKey(
        "tickets.Activity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("history entry"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"), max_length=10, choices=EmailState.choices, default=EmailState.NONE
    )
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_recipient_new"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_unread"
            ),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(email_state="pending"),
                name="notif_email_pending",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "activity", "kind"], name="notif_once_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.recipient_id}"


class Preference(models.Model):
    """An agent's choices: which kinds come by e-mail, and whether new tickets in their
    area notify them at all (off by default: a busy area would drown its agents)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    email_kinds = models.JSONField(
        _("kinds sent by e-mail"), default=default_email_kinds, blank=True
    )
    new_tickets = models.BooleanField(_("notify me of new tickets in my area"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user_id)
