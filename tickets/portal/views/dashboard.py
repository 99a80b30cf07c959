"""The agent dashboard: filtered, searched, sorted list in keyset pages, counters, charts.

Pages are keyset pages (``tickets.keyset``): newest, newer, older and oldest links carry
the edge row's sort values, so no page counts the list nor skips over the rows before it.
A search without a chosen sort order lists the best matches first.
"""

from django.utils import timezone
from django.views.generic import TemplateView

from tickets import keyset, selectors
from tickets.portal import stats
from tickets.portal.filters import TicketFilter
from tickets.portal.mixins import AgentRequiredMixin
from tickets.portal.sla import sla_state

PAGE_SIZE = 25
PAGE_PARAMS = ("page", keyset.AFTER, keyset.BEFORE, keyset.LAST)


def filtered_tickets(request):
    """The user's visible tickets narrowed by the query string; newest first by default,
    best match first for a search without a chosen order."""
    base = selectors.ticket_list(user=request.user, related=selectors.LIST_ROW_RELATED)
    base = base.order_by("-created_at", "-id")
    ticket_filter = TicketFilter(request.GET or None, queryset=base, request=request)
    return ticket_filter


def ordered_list(ticket_filter):
    qs = ticket_filter.qs
    data = ticket_filter.form.cleaned_data if ticket_filter.is_bound else {}
    if data.get("q") and not data.get("ordering") and "rank" in qs.query.annotations:
        qs = qs.order_by("-rank", "-created_at", "-id")
    return qs


class DashboardView(AgentRequiredMixin, TemplateView):
    template_name = "portal/dashboard.html"
    requesters_to_lookup = True  # LOGIN_REDIRECT_URL: a requester who logs in lands here

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        get = self.request.GET
        ticket_filter = filtered_tickets(self.request)
        page = keyset.page(
            ordered_list(ticket_filter),
            size=PAGE_SIZE,
            after=get.get(keyset.AFTER),
            before=get.get(keyset.BEFORE),
            last=bool(get.get(keyset.LAST)),
        )
        now = timezone.now()
        rows = [(t, sla_state(t, now)) for t in page.rows]
        query = get.copy()
        for name in PAGE_PARAMS:
            query.pop(name, None)
        figures = stats.dashboard_figures(self.request.user)
        ctx.update(
            filter=ticket_filter,
            page=page,
            rows=rows,
            querystring=query.urlencode(),
            counters=figures["counters"],
            per_day=figures["per_day"],
            per_area=figures["per_area"],
            chart_days=stats.CHART_DAYS,
        )
        return ctx
