"""SLA policies: the targets of a priority, optionally overridden for one area (issue 20).

Without a policy a ticket's resolution target is its priority's ``sla_hours`` and it has
no first-response target. Targets count business time of the area's calendar
(``accounts.BusinessCalendar``); see docs/sla.md.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from tickets.models.ticket import Priority


class SlaPolicy(models.Model):
    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="sla_policies", verbose_name=_("priority")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sla_policies",
        verbose_name=_("area"),
        help_text=_("Empty: every area without a policy of its own for this priority."),
    )
    first_response_minutes = models.PositiveIntegerField(
        _("first response target (business minutes)"),
        null=True,
        blank=True,
        help_text=_("Empty: no first-response target."),
    )
    resolution_hours = models.PositiveIntegerField(
        _("resolution target (business hours)"),
        null=True,
        blank=True,
        help_text=_("Empty: the priority's SLA hours."),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["priority__order", "area__name"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(fields=["priority", "area"], name="sla_policy_priority_area"),
            models.UniqueConstraint(
                fields=["priority"], condition=Q(area__isnull=True), name="sla_policy_priority"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.priority} · {self.area or _('every area')}"
