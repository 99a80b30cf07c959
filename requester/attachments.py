"""Requester files: add files to one's own open ticket (after the label + e-mail check)
and download the public files of it through signed links that expire.

The proof is a ``tickets.access.Requester`` for that ticket (label + e-mail, or a link
signed by this server after that check); ``selectors.attachment_for`` asks
``ticket_for(VIEW)`` with it, and an internal file is never reachable: the same 404 as
an unknown link.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from core import ratelimit
from core.web import form_with_errors
from requester.answers import render_ticket
from requester.forms import AttachForm
from tickets import selectors, services
from tickets.access import Requester
from tickets.errors import NotAllowed, NotFound, ValidationFailed
from tickets.models import Ticket
from tickets.selectors.files import attachment_response, email_hash, read_link

LOOKUP_KEY = "public_lookup"


def remember(request, ticket, email: str) -> None:
    """The lookup succeeded: this session may show the ticket again (after adding files)."""
    request.session[LOOKUP_KEY] = {"label": ticket.label, "email": email}


def ticket_page(request, ticket, email: str, *, attach_form=None, status: int = 200):
    """The requester's ticket page (``answers.render_ticket``), with this form when given."""
    return render_ticket(request, ticket, attach_form=attach_form, status=status)


class LookedUpTicketView(View):
    """GET after adding files (PRG): the ticket this session looked up, else the lookup."""

    def get(self, request):
        proof = request.session.get(LOOKUP_KEY) or {}
        try:
            ticket = selectors.ticket_lookup_public(**proof)
        except (NotFound, TypeError):
            return redirect("public:lookup")
        return ticket_page(request, ticket, proof["email"])


class AttachView(View):
    def post(self, request):
        if not ratelimit.allow(request, "public-lookup"):
            return ratelimit.too_many_requests(request)
        form = AttachForm(request.POST, request.FILES)
        label, email = request.POST.get("label", ""), request.POST.get("email", "")
        try:
            ticket = selectors.ticket_lookup_public(label=label, email=email)
        except NotFound:
            messages.error(request, _("No ticket matches that label and e-mail address."))
            return redirect("public:lookup")
        if not form.is_valid():
            return ticket_page(request, ticket, email, attach_form=form, status=400)
        grant = Requester(email, ticket_id=ticket.pk)
        try:
            services.ticket_comment(
                actor=grant,
                ticket=ticket,
                text="",
                public=True,
                uploads=form.cleaned_data["attachments"],
            )
        except ValidationFailed as exc:
            form_with_errors(form, exc)
            return ticket_page(request, ticket, email, attach_form=form, status=exc.status_code)
        except NotAllowed:
            messages.error(request, _("Files can only be added while the ticket is open."))
            return ticket_page(request, ticket, email, status=409)
        remember(request, ticket, email)
        messages.success(request, _("Files added to your ticket."))
        return redirect("public:looked-up")


class RequesterDownloadView(View):
    def get(self, request, token):
        payload = read_link(token)
        if payload is None:
            raise Http404(_("This download link has expired or is not valid."))
        try:
            ticket = Ticket.objects.filter(pk=payload.get("t")).first()
        except (ValueError, ValidationError):
            ticket = None
        if ticket is None or email_hash(ticket.requester_email) != payload.get("h"):
            raise Http404
        grant = Requester(ticket.requester_email, ticket_id=ticket.pk)
        try:
            row = selectors.attachment_for(grant, payload.get("k"))
        except (NotFound, NotAllowed):
            raise Http404 from None
        return attachment_response(row, inline=request.GET.get("inline") == "1")
