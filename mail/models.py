"""What the mail app stores: the outbox of e-mail to send and the log of e-mail received.

``Delivery`` is a transactional outbox: one row per (history entry, recipient), written in
the same transaction as the ticket change that calls for it, so a change that commits always
has its mail queued and a change that rolls back has none. The unique key makes a delivery
happen at most once however many times a task for it runs.

``InboundMessage`` records each received message by its sender and Message-ID (by its
content when it has none: ``dedupe_key``), so a message is turned into a ticket or a comment
once, whichever way it came (IMAP or the push endpoint) and however many times it is read;
another sender reusing someone's Message-ID is not taken for a copy.
It keeps the whole message (``raw``): nothing that arrives vanishes. A message that made
no ticket or comment is *held* (a person's mail the desk must look at: reply from another
address, over the size limit, failing) or *filtered* (``ignored``: automatic mail, loops,
bounces) — both listed for agents, who attach it to a ticket, open a ticket from it or
discard it (``mail.inbound.review``).

``Undeliverable`` is an address whose mail bounced; a hard bounce stops mail to it.
"""

from django.conf import settings
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
        IGNORED = "ignored", _("Filtered (automatic)")
        HELD = "held", _("Held for review")
        FAILED = "failed", _("Failed (retried on the next run)")

    class Resolution(models.TextChoices):
        ATTACHED = "attached", _("Attached to a ticket")
        OPENED = "opened", _("Opened a ticket")
        DISCARDED = "discarded", _("Discarded")

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
    # Why it was held or filtered, as a code (``mail.inbound.keep.Kind``); "" when posted.
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    # The whole message as received (null only for one over HELPDESK_INBOUND_KEEP_MAX_BYTES,
    # kept whole in the IMAP folder HELPDESK_IMAP_HELD_FOLDER instead).
    raw = models.BinaryField(_("message"), null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size"), default=0)
    # The history entry it made (its ``ticketCreated`` or comment): "show the whole message".
    activity_id = models.UUIDField(_("history entry"), null=True, blank=True)
    # Attachments not stored: [{"name", "reason"}].
    refused = models.JSONField(_("refused attachments"), default=list, blank=True)
    # The sender was told (over the size limit).
    notified_at = models.DateTimeField(_("sender told"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=10, choices=Resolution.choices, blank=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mail")
        indexes = [
            models.Index(fields=["sender", "received_at"], name="inbound_sender_received"),
            models.Index(fields=["activity_id"], name="inbound_activity"),
            # The review list: held/filtered and not yet resolved, newest first.
            models.Index(
                fields=["status", "-received_at"],
                name="inbound_unresolved",
                condition=models.Q(resolution=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.status})"


class Undeliverable(models.Model):
    """An address our mail bounced from. ``hard`` (a permanent 5.x.x failure): no more mail
    is queued to it until an agent clears it or mail arrives from it again."""

    address = models.EmailField(_("address"), unique=True)
    hard = models.BooleanField(_("hard bounce"), default=False)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    bounces = models.PositiveIntegerField(_("bounces"), default=0)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last ticket"),
    )
    last_bounced_at = models.DateTimeField(_("last bounce"), default=timezone.now)

    class Meta:
        ordering = ["-last_bounced_at"]
        verbose_name = _("undeliverable address")
        verbose_name_plural = _("undeliverable addresses")

    def __str__(self) -> str:
        return self.address


class ThreadState(models.Model):
    """A ticket's reply-token generation. Solving a ticket rotates it (``mail.rotation``): mail
    sent from then on carries a new reply token; an answer to older mail still threads but is
    held for review, so an old message cannot post to a reopened conversation."""

    ticket = models.OneToOneField(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("ticket"),
    )
    generation = models.PositiveIntegerField(_("reply token generation"), default=0)
    rotated_at = models.DateTimeField(_("rotated"), default=timezone.now)

    class Meta:
        verbose_name = _("reply token generation")
        verbose_name_plural = _("reply token generations")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.generation}"
