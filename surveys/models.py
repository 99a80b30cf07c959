"""Satisfaction surveys (CSAT): which areas ask, and the answers given."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from tickets.models import Ticket


class AreaSurvey(models.Model):
    """Whether an area's requesters are asked to rate a solved ticket. An area without a
    row asks (the default): add one with ``enabled`` off to stop asking."""

    area = models.OneToOneField(
        Area, on_delete=models.CASCADE, related_name="survey", verbose_name=_("area")
    )
    enabled = models.BooleanField(
        _("ask for a rating"),
        default=True,
        help_text=_("Offer the requester a satisfaction rating when a ticket is solved."),
    )

    class Meta:
        verbose_name = _("satisfaction survey setting")
        verbose_name_plural = _("satisfaction survey settings")

    def __str__(self) -> str:
        return f"{self.area}: {_('on') if self.enabled else _('off')}"


class Rating(models.Model):
    """One requester's rating of one resolution of a ticket, as the ticket was then
    (area, priority, assignee: what the reports count it under). Written with the ticket's
    ``rating`` history entry, in its transaction (``surveys.receivers``)."""

    class Score(models.TextChoices):
        GOOD = "good", _("Good")
        BAD = "bad", _("Bad")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="+", verbose_name=_("ticket")
    )
    resolution = models.CharField(_("resolution"), max_length=32)
    activity_id = models.UUIDField(_("history entry"))
    score = models.CharField(_("score"), max_length=4, choices=Score.choices)
    comment = models.TextField(_("comment"), blank=True)
    area_id = models.BigIntegerField(_("area"))
    priority_id = models.BigIntegerField(_("priority"))
    assignee = models.UUIDField(_("assignee"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "resolution"], name="rating_once"),
        ]
        indexes = [
            # The report's comments: an area's latest, newest first.
            models.Index(fields=["area_id", "-created_at"], name="rating_area_created"),
            models.Index(fields=["-created_at"], name="rating_created"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score}"
