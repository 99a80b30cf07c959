"""The agent dashboard: filtered, searched, sorted, paginated list plus counters and charts."""

from django.core.paginator import Paginator
from django.utils import timezone
from django.views.generic import TemplateView

from tickets import selectors
from tickets.portal import stats
from tickets.portal.filters import TicketFilter
from tickets.portal.mixins import AgentRequiredMixin
from tickets.portal.sla import sla_state

PAGE_SIZE = 25


def filtered_tickets(request):
    """The user's visible tickets narrowed by the query string; newest first by default."""
    base = selectors.ticket_list(user=request.user).order_by("-created_at", "-id")
    return TicketFilter(request.GET or None, queryset=base, request=request)


class DashboardView(AgentRequiredMixin, TemplateView):
    template_name = "portal/dashboard.html"
    requesters_to_lookup = True  # LOGIN_REDIRECT_URL: a requester who logs in lands here

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ticket_filter = filtered_tickets(self.request)
        page = Paginator(ticket_filter.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        now = timezone.now()
        rows = [(t, sla_state(t, now)) for t in page.object_list]
        visible = selectors.ticket_list(user=self.request.user)
        query = self.request.GET.copy()
        query.pop("page", None)
        charts = stats.charts(self.request.user, visible)
        ctx.update(
            filter=ticket_filter,
            page=page,
            rows=rows,
            querystring=query.urlencode(),
            counters=stats.status_counters(visible),
            per_day=charts["per_day"],
            per_area=charts["per_area"],
            chart_days=stats.CHART_DAYS,
        )
        return ctx
