"""Saved views of the agents' queue (issue 18): a name, the dashboard's filter and sort
(validated JSON, ``portal.queue_views``) and who else may use it. A view only
narrows: every list it gives is still ``selectors.ticket_list(user=...)``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area

VIEW_NAME_MAX = 60


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    AREA = "area", _("Agents of an area")
    EVERYONE = "everyone", _("Every agent")


class SavedView(models.Model):
    name = models.CharField(_("name"), max_length=VIEW_NAME_MAX)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("owner"),
    )
    params = models.JSONField(_("filter and sort"), default=dict, blank=True)
    visibility = models.CharField(
        _("shared with"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        indexes = [models.Index(fields=["owner", "name"], name="saved_view_owner")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(visibility="area") & Q(area__isnull=False))
                | (~Q(visibility="area") & Q(area__isnull=True)),
                name="saved_view_area_iff_shared_with_area",
            ),
        ]

    def __str__(self) -> str:
        return self.name
