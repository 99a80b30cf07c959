"""One ticket: all its fields, the full history and the action forms this agent may use."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from core import extensions
from core.web import AgentRequiredMixin, DomainErrorsMixin
from portal import presence
from portal.actions import ACTIONS, allowed_actions, make_form
from portal.sla import sla_resolution, sla_state
from portal.work import work_tools
from tickets import selectors, services
from tickets.access import Action, ticket_for
from tickets.errors import StaleVersion
from tickets.models import Ticket
from tickets.selectors.history import timeline


def agent_link(attachment, inline: bool = False) -> str:
    url = reverse("portal:attachment", args=[attachment.key])
    return f"{url}?inline=1" if inline else url


class TicketPageMixin(AgentRequiredMixin, DomainErrorsMixin):
    """Loads the ticket through ``ticket_for`` and renders the detail page."""

    ticket = None
    failed_action = None
    conflict = None  # history entries written since the agent's form was rendered

    def load(self, pk, action: Action = Action.VIEW):
        # All tickets, not the visible ones: another area's ticket is a 403, not a 404.
        qs = extensions.ticket_queryset(
            Ticket.objects.select_related(*selectors.TICKET_RELATED, "merged_into")
        )
        self.ticket = ticket_for(self.request.user, id=pk, action=action, queryset=qs)
        return self.ticket

    def render_page(self, status: int = 200):
        user, ticket = self.request.user, self.ticket
        forms = {}
        for action in allowed_actions(user, ticket):
            if self.failed_action is not None and action.name == self.failed_action.name:
                forms[action.name] = (action, self.form, True)
            else:
                forms[action.name] = (action, make_form(action, ticket, user=user), False)
        panels = [entry for entry in forms.values() if entry[0].panel]
        now = timezone.now()
        # Other apps annotate the history (e-mail entries link the whole message).
        activities = extensions.history_queryset(selectors.activity_list(ticket=ticket))
        entries = timeline(activities, link=agent_link)
        ctx = {
            **work_tools(self.request, ticket, forms, link=agent_link),
            "ticket": ticket,
            "sla": sla_state(ticket, now),
            "sla_due": sla_resolution(ticket, now),
            "entries": entries,
            "panels": panels,
            # A failed action renders at its POST-only URL: language / time-zone switches
            # and reloads go back to the ticket page instead.
            "canonical_url": reverse("portal:ticket", args=[ticket.pk]),
            # Every action form carries the version it was rendered from (StaleVersion).
            "version": services.version_of(ticket),
            "conflict": self.conflict,
            "presence_token": presence.make_token(ticket, user),
            "presence_url": reverse("portal:presence", args=[ticket.pk]),
            "presence_poll": settings.HELPDESK_PRESENCE_POLL_SECONDS,
        }
        return TemplateResponse(self.request, "portal/ticket.html", ctx, status=status)

    def render_rejected(self, status: int):
        # Reload: the failed service rolled back, the page shows the ticket as stored.
        self.ticket.refresh_from_db()
        return self.render_page(status=status)


class TicketDetailView(TicketPageMixin, View):
    def get(self, request, pk):
        self.load(pk)
        return self.render_page()


class TicketActionView(TicketPageMixin, View):
    """POST one action form; success -> back to the page (PRG), failure -> page + errors."""

    def get(self, request, pk, action):
        # The address bar keeps this URL after a failed POST: a reload lands on the ticket.
        return redirect("portal:ticket", pk=pk)

    def post(self, request, pk, action):
        spec = ACTIONS.get(action)
        if spec is None:
            raise Http404
        self.load(pk, spec.permission)  # NotAllowed -> 403 page
        self.failed_action = spec
        self.form = make_form(spec, self.ticket, request.POST, request.FILES, user=request.user)
        if not self.form.is_valid():
            return self.render_page(status=400)
        try:
            with services.expecting_version(request.POST.get("seen")):
                spec.run(request.user, self.ticket, self.form)
        except StaleVersion as exc:
            # Someone changed the ticket since this form was rendered: show what changed
            # and keep the agent's input; sending again (with the new version) applies it.
            self.ticket.refresh_from_db()
            self.conflict = timeline(
                selectors.activity_list(ticket=self.ticket).filter(created_at__gt=exc.seen)
            )
            return self.render_page(status=409)
        messages.success(request, spec.success)
        return redirect("portal:ticket", pk=self.ticket.pk)
