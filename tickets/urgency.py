""" "How urgent is it for you?": the requester's plain-language answer on the public form,
and the priority each answer maps to (``settings.HELPDESK_URGENCY_PRIORITIES``).

The answer is kept in the ``ticketCreated`` history entry beside the priority it gave, so
when the desk re-prioritises, the history shows both what the requester said and what the
desk decided. The APIs keep their own ``prioridad`` field as their contracts say.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    BLOCKING = "blocking", _("I cannot work at all")
    HIGH = "high", _("It gets in the way of my work a lot")
    NORMAL = "normal", _("It bothers me, but I can keep working")
    LOW = "low", _("No rush, whenever you can")


DEFAULT_PRIORITIES = {
    Urgency.BLOCKING: "URGENTE",
    Urgency.HIGH: "ALTA",
    Urgency.NORMAL: "MEDIA",
    Urgency.LOW: "BAJA",
}


def priority_name_for(urgency: str) -> str:
    """The priority name an answer maps to (unknown answers: the default priority)."""
    mapping = {**DEFAULT_PRIORITIES, **getattr(settings, "HELPDESK_URGENCY_PRIORITIES", {})}
    return mapping.get(urgency, settings.HELPDESK_DEFAULT_PRIORITY)


def label_for(urgency: str) -> str:
    try:
        return str(Urgency(urgency).label)
    except ValueError:
        return str(urgency)
