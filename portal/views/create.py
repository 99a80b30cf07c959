"""An agent opens a ticket on behalf of a requester (phone call, walk-in, e-mail)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from core.net import client_ip
from core.web import AgentRequiredMixin, DomainErrorsMixin
from portal.forms import AgentTicketForm
from tickets import services
from tickets.access import Action, ensure_can


class TicketCreateView(AgentRequiredMixin, DomainErrorsMixin, View):
    template_name = "portal/create.html"

    def get(self, request):
        return self.render_form(AgentTicketForm())

    def post(self, request):
        ensure_can(request.user, Action.CREATE)
        self.form = AgentTicketForm(request.POST, request.FILES)
        if not self.form.is_valid():
            return self.render_rejected(status=400)
        ticket = services.ticket_create(
            actor=request.user, ip=client_ip(request), **self.form.service_kwargs()
        )
        messages.success(request, _("Ticket %(label)s created.") % {"label": ticket.label})
        return redirect("portal:ticket", pk=ticket.pk)

    def render_form(self, form, status=200):
        return TemplateResponse(request=self.request, template=self.template_name,
                                context={"form": form}, status=status)  # fmt: skip

    def render_rejected(self, status: int):
        return self.render_form(self.form, status=status)
