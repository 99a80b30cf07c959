"""The dashboard's filters (django-filter). The base queryset always comes from
``selectors.ticket_list(user=...)``, so a filter can only narrow what the user may see."""

from datetime import timedelta

import django_filters
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AGENT_ROLES, Area, User
from tickets import selectors
from tickets.access import agents_seeing_q, visible_areas_q
from tickets.errors import ValidationFailed
from tickets.models import Priority, Status, TicketTag, Tipo
from tickets.services.tags import normalize_tag
from tickets.workflow import STATUS_GROUPS

YES_NO = [("1", _("Yes"))]
ANY = _("Any")

# The status groups (``workflow.STATUS_GROUPS``): the queue's first filter.
GROUP_CHOICES = [
    ("open", _("Open")),
    ("solved", _("Solved or closed")),
    ("stopped", _("Cancelled or archived")),
]
BREACHING_CHOICES = [(str(h), _("within %(n)d h") % {"n": h}) for h in (1, 4, 8, 24)]
# Shown inline on the dashboard; every other filter sits behind "more filters".
INLINE_FILTERS = ("q", "group", "area", "assignee")


def _visible_area_ids(user) -> list:
    """Active areas whose tickets ``user`` may see (``access.visible_areas_q`` decides)."""
    areas = Area.objects.filter(visible_areas_q(user, "pk"), active=True)
    return list(areas.values_list("pk", flat=True))


def _request_area_ids(request) -> list:
    """``_visible_area_ids`` once per request (the area and agent choices both need it)."""
    if not hasattr(request, "_visible_area_ids"):
        request._visible_area_ids = _visible_area_ids(request.user)
    return request._visible_area_ids


def _areas(request):
    return Area.objects.filter(pk__in=_request_area_ids(request))


def _agents(request):
    """Agents who may hold a ticket the user sees: the service desk and those areas' agents."""
    agents = User.objects.filter(is_active=True, role__in=AGENT_ROLES)
    return agents.filter(agents_seeing_q(_request_area_ids(request))).order_by("name", "email")


class TicketFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    group = django_filters.ChoiceFilter(
        empty_label=_("All statuses"),
        label=_("Tickets"),
        choices=GROUP_CHOICES,
        method="filter_group",
    )
    status = django_filters.ChoiceFilter(empty_label=ANY, label=_("Status"), choices=Status.choices)
    priority = django_filters.ModelChoiceFilter(
        empty_label=ANY, label=_("Priority"), queryset=Priority.objects.all()
    )
    area = django_filters.ModelChoiceFilter(empty_label=ANY, label=_("Area"), queryset=_areas)
    tipo = django_filters.ChoiceFilter(empty_label=ANY, label=_("Kind"), choices=Tipo.choices)
    assignee = django_filters.ModelChoiceFilter(
        empty_label=ANY, label=_("Assignee"), queryset=_agents
    )
    mine = django_filters.ChoiceFilter(
        empty_label=ANY, label=_("Assigned to me"), choices=YES_NO, method="filter_mine"
    )
    sla_breached = django_filters.ChoiceFilter(
        empty_label=ANY, label=_("SLA breached"), choices=YES_NO, method="filter_breached"
    )
    sla_soon = django_filters.ChoiceFilter(
        empty_label=ANY, label=_("SLA breaching soon"), choices=YES_NO, method="filter_soon"
    )
    unassigned = django_filters.ChoiceFilter(
        empty_label=ANY, label=_("Unassigned"), choices=YES_NO, method="filter_unassigned"
    )
    breaching = django_filters.ChoiceFilter(
        empty_label=ANY,
        label=_("Open, SLA due"),
        choices=BREACHING_CHOICES,
        method="filter_breaching",
    )
    tag = django_filters.CharFilter(label=_("Tag"), method="filter_tag")
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Newest first"),
        fields=(
            ("created_at", "created"),
            ("updated_at", "updated"),
            ("priority__order", "priority"),
            ("sla_due_at", "sla"),
            ("status", "status"),
            ("label", "label"),
        ),
        # Keyed as django-filter reads them: ascending by model field, descending by
        # "-" + parameter. Every label is lazy, so it follows the language of each request.
        field_labels={
            "created_at": _("Created (oldest first)"),
            "-created": _("Created (newest first)"),
            "updated_at": _("Last change (oldest first)"),
            "-updated": _("Last change (newest first)"),
            "priority__order": _("Priority (most urgent first)"),
            "-priority": _("Priority (least urgent first)"),
            "sla_due_at": _("SLA due (soonest first)"),
            "-sla": _("SLA due (latest first)"),
            "status": _("Status (A to Z)"),
            "-status": _("Status (Z to A)"),
            "label": _("Label (A to Z)"),
            "-label": _("Label (Z to A)"),
        },
    )

    def filter_group(self, queryset, name, value):
        statuses = STATUS_GROUPS.get(value)
        return queryset.filter(status__in=statuses) if statuses else queryset

    def filter_unassigned(self, queryset, name, value):
        return queryset.filter(assignee__isnull=True) if value else queryset

    def filter_breaching(self, queryset, name, value):
        """Open tickets with a target due within ``value`` business hours of their area's
        calendar, the breached ones included (the dot's rule, ``tickets.sla.status``)."""
        if not value:
            return queryset
        window = timedelta(hours=int(value))
        return queryset.filter(selectors.sla_due_within_q(timezone.now(), window))

    def filter_tag(self, queryset, name, value):
        try:
            tag = normalize_tag(value)
        except ValidationFailed:
            return queryset.none()
        tagged = TicketTag.objects.filter(tag__name=tag).values("ticket_id")
        return queryset.filter(pk__in=tagged)

    def filter_queryset(self, queryset):
        """Every filter, the text search last: a ranked search orders the newest matches
        of the list narrowed by all the others (``selectors.ticket_search``)."""
        data = self.form.cleaned_data
        names = [name for name in data if name != "q"] + (["q"] if "q" in data else [])
        for name in names:
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def filter_text(self, queryset, name, value):
        """Ranked (best matches first) unless the user chose a sort order; then every
        match, in that order."""
        ranked = not self.form.cleaned_data.get("ordering")
        return selectors.ticket_search(queryset, value, ranked=ranked)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assignee=self.request.user) if value else queryset

    def filter_breached(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(selectors.sla_breached_q(timezone.now()))

    def filter_soon(self, queryset, name, value):
        """Running tickets due within ``HELPDESK_SLA_WARNING`` (not yet breached)."""
        if not value:
            return queryset
        window = settings.HELPDESK_SLA_WARNING
        return queryset.filter(selectors.sla_breaching_soon_q(timezone.now(), window))
