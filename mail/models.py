"""What the mail app stores: the outbox of e-mail to send and the log of e-mail received.

``Delivery`` is a transactional outbox: one row per (history entry, recipient), written in
the same transaction as the ticket change that calls for it, so a change that commits always
has its mail queued and a change that rolls back has none. The unique key makes a delivery
happen at most once however many times a task for it runs.

``InboundMessage`` records each received message by its sender and Message-ID (by its
content when it has none: ``dedupe_key``), so a message is turned into a ticket or a comment
once, whichever way it came (IMAP or the push endpoint) and however many times it is read;
another sender reusing someone's Message-ID is not taken for a copy.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # A plain id (not a foreign key): events of other apps (SLA alerts) name history entries
    # of types this app does not need to know.
    activity_id = models.UUIDField(_("history entry"))
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("ticket"),
    )
    recipient = models.EmailField(_("recipient"))
    template = models.CharField(_("template"), max_length=40)
    data = models.JSONField(_("data"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    # Set just before SMTP DATA: from then on the server may have the message (never resent).
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        constraints = [
            models.UniqueConstraint(
                fields=["activity_id", "recipient"], name="delivery_activity_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_status_next"),
            models.Index(fields=["ticket", "created_at"], name="delivery_ticket_created"),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.recipient}"


class InboundMessage(models.Model):
    class Status(models.TextChoices):
        TICKET = "ticket", _("Opened a ticket")
        COMMENT = "comment", _("Added a comment")
        IGNORED = "ignored", _("Ignored")
        FAILED = "failed", _("Failed (retried on the next run)")

    # The whole Message-ID ("" when the message has none).
    message_id = models.TextField(_("Message-ID"), blank=True)
    # sha256 of the sender and the Message-ID, or of the content when there is no id.
    dedupe_key = models.CharField(_("de-duplication key"), max_length=64, unique=True)
    sender = models.EmailField(_("sender"), blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=10)  # "imap" or "push"
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticket"),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mail")
        indexes = [
            models.Index(fields=["sender", "received_at"], name="inbound_sender_received"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.status})"
