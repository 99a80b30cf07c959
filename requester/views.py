"""Requester pages (no account): home, open a ticket, confirmation, look a ticket up.

The ticket page and the answers are in ``answers``; "my tickets" in ``mine``."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from core import ratelimit
from core.net import client_ip
from core.timezone import CHOICES as TIMEZONES
from core.timezone import SESSION_KEY as TIMEZONE_KEY
from core.web import DomainErrorsMixin
from requester import attachments
from requester.answers import render_ticket
from requester.forms import LookupForm, PublicTicketForm
from tickets import selectors, services
from tickets.errors import NotFound
from tickets.selectors import links

CREATED_KEY = "public_created_ticket"


class HomeView(TemplateView):
    template_name = "public/home.html"


class CreateView(DomainErrorsMixin, View):
    """Open a ticket. The label is kept in the session for the confirmation page only."""

    template_name = "public/create.html"

    def get(self, request):
        return self.render_form(PublicTicketForm())

    def post(self, request):
        if not ratelimit.allow(request, "public-create"):
            return ratelimit.too_many_requests(request)
        self.form = PublicTicketForm(request.POST, request.FILES)
        if not self.form.is_valid():
            return self.render_rejected(status=400)
        actor = request.user if request.user.is_authenticated else None
        ticket = services.ticket_create(
            actor=actor,
            ip=client_ip(request),
            requester_language=translation.get_language(),  # their e-mails speak it
            **self.form.service_kwargs(),
        )
        request.session[CREATED_KEY] = {"label": ticket.label, "email": ticket.requester_email}
        return redirect("public:created")

    def render_form(self, form, status=200):
        return TemplateResponse(self.request, self.template_name, {"form": form}, status=status)

    def render_rejected(self, status: int):
        return self.render_form(self.form, status=status)


class CreatedView(View):
    def get(self, request):
        created = request.session.get(CREATED_KEY)
        if not created:
            return redirect("public:create")
        try:
            ticket = selectors.ticket_lookup_public(**created)
        except NotFound:
            return redirect("public:create")
        return render(
            request,
            "public/created.html",
            {"ticket": ticket, "ticket_path": links.requester_ticket_path(ticket)},
        )


class LookupView(View):
    """Label + e-mail. A wrong e-mail reads exactly like an unknown label; the history shown
    is the requester's timeline (public entries, no reasons, no e-mail addresses), with the
    answer forms, which post to the ticket's signed link (``requester.answers``)."""

    template_name = "public/lookup.html"

    def get(self, request):
        # Just opened a ticket in this session: its label and e-mail are filled in.
        created = request.session.get(CREATED_KEY) or {}
        initial = {key: created[key] for key in ("label", "email") if created.get(key)}
        return render(request, self.template_name, {"form": LookupForm(initial=initial)})

    def post(self, request):
        if not ratelimit.allow(request, "public-lookup"):
            return ratelimit.too_many_requests(request)
        form = LookupForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        try:
            ticket = selectors.ticket_lookup_public(
                label=form.cleaned_data["label"], email=form.cleaned_data["email"]
            )
        except NotFound:
            form.add_error(None, _("No ticket matches that label and e-mail address."))
            return render(request, self.template_name, {"form": form}, status=404)
        attachments.remember(request, ticket, form.cleaned_data["email"])
        return render_ticket(request, ticket)


@require_POST
def set_timezone(request):
    """Remember the chosen time zone in the session (``settings.TIME_ZONE`` otherwise)."""
    name = request.POST.get("timezone", "")
    if name in TIMEZONES:
        request.session[TIMEZONE_KEY] = name
    else:
        request.session.pop(TIMEZONE_KEY, None)
    nxt = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        nxt = "/"
    messages.info(request, _("Time zone saved."))
    return redirect(nxt)
