"""Free-form tags on tickets (issue 18): agents only, never shown to requesters nor in the
Mesa / Spacebring contracts. A tag is a normalised slug (``tickets.services.tags``); the
link row says who added it and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.models.ticket import Ticket

TAG_MAX_LENGTH = 40


class Tag(models.Model):
    name = models.SlugField(_("name"), max_length=TAG_MAX_LENGTH, unique=True, allow_unicode=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    tickets = models.ManyToManyField(
        Ticket, through="TicketTag", related_name="tags", verbose_name=_("tickets")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        indexes = [
            # Autocomplete: names starting with what the agent typed (LIKE 'x%').
            models.Index(fields=["name"], name="tag_name_prefix", opclasses=["varchar_pattern_ops"])
        ]

    def __str__(self) -> str:
        return self.name


class TicketTag(models.Model):
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="tag_links", verbose_name=_("ticket")
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="links", verbose_name=_("tag")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket tag")
        verbose_name_plural = _("ticket tags")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "tag"], name="ticket_tag_unique"),
        ]
        indexes = [
            # "Tickets with this tag" (the dashboard's filter) walks (tag, ticket).
            models.Index(fields=["tag", "ticket"], name="ticket_tag_by_tag"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}#{self.tag_id}"
