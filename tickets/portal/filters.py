"""The dashboard's filters (django-filter). The base queryset always comes from
``selectors.ticket_list(user=...)``, so a filter can only narrow what the user may see."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AGENT_ROLES, Area, User
from tickets import selectors
from tickets.models import Priority, Status, Tipo

YES_NO = [("1", _("Yes"))]
ANY = _("Any")


def _agents(request):
    return User.objects.filter(is_active=True, role__in=AGENT_ROLES).order_by("name", "email")


class TicketFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(empty_label=ANY, label=_("Status"), choices=Status.choices)
    priority = django_filters.ModelChoiceFilter(
        empty_label=ANY, label=_("Priority"), queryset=Priority.objects.all()
    )
    area = django_filters.ModelChoiceFilter(
        empty_label=ANY, label=_("Area"), queryset=Area.objects.filter(active=True)
    )
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
        field_labels={
            "created": _("Created"),
            "updated": _("Last change"),
            "priority": _("Priority"),
            "sla": _("SLA due"),
            "status": _("Status"),
            "label": _("Label"),
        },
    )

    def filter_text(self, queryset, name, value):
        return selectors.ticket_search(queryset, value)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assignee=self.request.user) if value else queryset

    def filter_breached(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(selectors.sla_breached_q(timezone.now()))
