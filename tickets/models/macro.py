"""Canned responses (macros): a text with placeholders the agent sends as a reply, plus
optional changes (status, priority, area) and an internal note applied with it.

``area_scope`` empty: a macro for every agent (managed by MESA/ADMIN); set: one area's
macro, which that area's agents manage and use (``tickets.access.can_manage_macro``).
The text is stored as plain text; placeholders are checked when saved
(``tickets.services.placeholders.check_template``) and filled, escaped, when rendered.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from tickets.models.choices import PauseKind
from tickets.models.ticket import Priority
from tickets.workflow import Status


class Macro(models.Model):
    name = models.CharField(_("name"), max_length=100)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {requester_name}, {label}, {agent_name}, {area}. "
            "Write {{ and }} for literal braces."
        ),
    )
    area_scope = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        verbose_name=_("only for the area"),
        help_text=_("Empty: every agent may use it."),
    )
    set_status = models.CharField(
        _("status to set"), max_length=20, choices=Status.choices, blank=True
    )
    set_pause_kind = models.CharField(
        _("the pause waits for"),
        max_length=20,
        choices=PauseKind.choices,
        blank=True,
        help_text=_("With the status Paused: whom the ticket waits for."),
    )
    set_priority = models.ForeignKey(
        Priority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("priority to set"),
    )
    set_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area to set"),
    )
    note = models.TextField(_("internal note to add"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("macro")
        verbose_name_plural = _("macros")
        indexes = [models.Index(fields=["area_scope", "name"], name="macro_scope_name")]

    def __str__(self) -> str:
        return self.name
