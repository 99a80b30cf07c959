"""``{% sla_timeline_for ticket entries as timeline %}`` and ``{{ delta|business_duration }}``."""

from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

from tickets.selectors.sla import sla_timeline

register = template.Library()


@register.simple_tag
def sla_timeline_for(ticket, entries=None):
    """``entries``: the page's history entries (``tickets.selectors.history.Entry``), all of them,
    oldest first; their activities spare the query of the history."""
    activities = None if entries is None else [entry.activity for entry in entries]
    return sla_timeline(ticket, activities=activities)


@register.filter
def business_duration(value: timedelta | None) -> str:
    """``3 h 05 min`` (the sign dropped: the template says "left" or "over")."""
    if value is None:
        return ""
    minutes = int(abs(value.total_seconds()) // 60)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return _("%(m)d min") % {"m": minutes}
    return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
