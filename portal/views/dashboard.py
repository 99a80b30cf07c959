"""The agent dashboard: the queue first (issue 18). One compact row of counters, the
views (built-in and saved), the common filters inline and the rest behind "more filters",
then the list with row checkboxes for bulk work.

The default view is "All open" by SLA urgency (``queue_views``). Pages are keyset pages
(``core.keyset``): newest, newer, older and oldest links carry the edge row's sort
values, so no page counts the list nor skips over the rows before it. A search without a
chosen sort order lists the best matches first.
"""

from django.utils import timezone
from django.views.generic import TemplateView

from accounts.models import Area
from core import keyset
from core.web import AgentRequiredMixin
from portal import queue_views, stats
from portal.bulk_forms import BulkForm
from portal.filters import INLINE_FILTERS, TicketFilter
from portal.sla import sla_state
from tickets import selectors
from tickets.access import may_change_view, may_share_view
from tickets.models import Priority, Visibility
from tickets.selectors.sla import engine_calendars

PAGE_SIZE = 25
PAGE_PARAMS = ("page", keyset.AFTER, keyset.BEFORE, keyset.LAST)


def filtered_tickets(request, data=None):
    """The user's visible tickets narrowed by the view and the query string (``data``, else
    ``queue_views.resolve`` of the request's); newest first unless the filters sort."""
    if data is None:
        data, _active = queue_views.resolve(request.user, request.GET)
    base = selectors.ticket_list(user=request.user, related=selectors.LIST_ROW_RELATED)
    base = base.order_by("-created_at", "-id")
    return TicketFilter(data or None, queryset=base, request=request)


def ordered_list(ticket_filter):
    qs = ticket_filter.qs
    data = ticket_filter.form.cleaned_data if ticket_filter.is_bound else {}
    if data.get("q") and not data.get("ordering") and "rank" in qs.query.annotations:
        qs = qs.order_by("-rank", "-created_at", "-id")
    return qs


def _view_links(user, active: str | None, saved) -> list[dict]:
    links = [
        {"key": key, "name": view.name, "active": key == active, "saved": None}
        for key, view in queue_views.BUILTIN_VIEWS.items()
    ]
    for view in saved:
        links.append(
            {
                "key": str(view.pk),
                "name": view.name,
                "active": str(view.pk) == active,
                "saved": view,
                "shared": view.visibility != Visibility.PRIVATE,
                "mine": view.owner_id == user.pk,
                "editable": may_change_view(user, view),
            }
        )
    return links


class DashboardView(AgentRequiredMixin, TemplateView):
    template_name = "portal/dashboard.html"
    requesters_to_lookup = True  # LOGIN_REDIRECT_URL: a requester who logs in lands here

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, get = self.request.user, self.request.GET
        data, active = queue_views.resolve(user, get)
        ticket_filter = filtered_tickets(self.request, data)
        page = keyset.page(
            ordered_list(ticket_filter).prefetch_related("tags"),  # the rows' tags: 1 query
            size=PAGE_SIZE,
            after=get.get(keyset.AFTER),
            before=get.get(keyset.BEFORE),
            last=bool(get.get(keyset.LAST)),
        )
        now = timezone.now()
        calendars = engine_calendars()
        rows = [(t, sla_state(t, now, calendars)) for t in page.rows]
        query = data.copy()
        if active and get.get(queue_views.VIEW):
            query[queue_views.VIEW] = active
        form = ticket_filter.form
        # "More filters" opens when the agent set one of them (not when a view did).
        more_open = any(get.get(name) for name in form.fields if name not in INLINE_FILTERS)
        saved = list(queue_views.usable_saved_views(user))
        bulk_form = BulkForm(user=user, auto_id="bulk-%s")
        # One query each for the priorities and areas that several selects of the page show.
        priorities = list(Priority.objects.all())
        areas = list(Area.objects.filter(active=True))
        blank = ("", "---------")
        form.fields["priority"].widget.choices = [
            ("", form.fields["priority"].empty_label),
            *[(p.pk, p.name) for p in priorities],
        ]
        bulk_form.fields["priority"].widget.choices = [
            blank,
            *[(p.name, p.name) for p in priorities],
        ]
        bulk_form.fields["area"].widget.choices = [blank, *[(a.pk, a.name) for a in areas]]
        share_areas = [a for a in areas if may_share_view(user, Visibility.AREA, a.pk)]
        ctx.update(
            filter=ticket_filter,
            inline_fields=[form[name] for name in INLINE_FILTERS],
            more_fields=[form[name] for name in form.fields if name not in INLINE_FILTERS],
            more_open=more_open,
            page=page,
            rows=rows,
            querystring=query.urlencode(),
            filter_querystring=data.urlencode(),
            counters=stats.queue_counters(user),
            views=_view_links(user, active, saved),
            active_view=active,
            bulk_form=bulk_form,
            # Who the user may share a new view with (``access.may_share_view``).
            share_choices=[
                (value, label)
                for value, label in Visibility.choices
                if value != Visibility.EVERYONE or may_share_view(user, value, None)
            ],
            share_areas=share_areas,
        )
        return ctx
