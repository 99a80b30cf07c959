"""Two tickets marked as related (``ticket_link``): one row per pair, either way round.

The pair is stored with the smaller id first (``low`` < ``high``), so "A is related to B"
and "B is related to A" are the same row and the link reads the same from both tickets.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TicketLink(models.Model):
    low = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="+", verbose_name=_("ticket")
    )
    high = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("related ticket"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")
        constraints = [
            models.UniqueConstraint(fields=["low", "high"], name="ticket_link_pair"),
            models.CheckConstraint(condition=Q(low__lt=F("high")), name="ticket_link_ordered"),
        ]
        indexes = [models.Index(fields=["high"], name="ticket_link_high")]

    def __str__(self) -> str:
        return f"{self.low_id} ↔ {self.high_id}"

    @staticmethod
    def pair(a, b) -> tuple:
        """(low, high) ids of two tickets, as stored."""
        return (a, b) if str(a) < str(b) else (b, a)
