"""The agents' pages of received e-mail (``/portal/mail/``): the held and filtered messages
to review, one message whole (headers, its full text, files, the raw ``.eml``) and the three
things to do with a held one (``mail.inbound.review``). Visibility: ``mail.selectors``."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from core import keyset
from core.web import AgentRequiredMixin, DomainErrorsMixin
from mail import selectors
from mail.inbound import attachments, parse, review
from tickets.access import Action, ticket_for
from tickets.errors import NotFound
from tickets.models import Ticket

PAGE_SIZE = 50


def _uuid(value: str | None):
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


class ReviewListView(AgentRequiredMixin, View):
    def get(self, request):
        filtered = request.GET.get("show") == "filtered"
        qs = selectors.review_list(request.user, filtered=filtered,
                                   ticket_id=_uuid(request.GET.get("ticket")))
        page = keyset.page(qs, size=PAGE_SIZE, after=request.GET.get("after"))
        ctx = {"rows": page.rows, "filtered": filtered, "page": page}
        return TemplateResponse(request, "mail/review_list.html", ctx)


class MessageView(AgentRequiredMixin, DomainErrorsMixin, View):
    """One message whole; the actions while it is held or filtered and not dealt with."""

    row = None

    def load(self, pk):
        self.row = selectors.messages_for(self.request.user).defer(None).filter(pk=pk).first()
        if self.row is None:
            raise Http404
        return self.row

    def get(self, request, pk):
        self.load(pk)
        return self.render_page()

    def render_page(self, status: int = 200):
        row = self.row
        p = parse.parse(bytes(row.raw)) if row.raw is not None else None
        files = attachments.files_of(p.headers if p is not None else None)
        ctx = {
            "row": row,
            "parsed": p,
            "headers": _headers(p),
            "files": [f.name for f in files.accepted],
            "refused": files.refused,
            "actionable": row.status in selectors.KEPT and not row.resolution,
        }
        return TemplateResponse(self.request, "mail/message.html", ctx, status=status)

    def render_rejected(self, status: int):
        self.row = selectors.messages_for(self.request.user).filter(pk=self.row.pk).first()
        return self.render_page(status=status)


def _headers(p) -> list[tuple[str, str]]:
    if p is None:
        return []
    out = []
    for name in ("From", "To", "Cc", "Date", "Subject", "Message-ID", "Authentication-Results"):
        for value in p.headers.get_all(name) or []:
            out.append((name, str(value).replace("\x00", "")))
    return out


class RawView(AgentRequiredMixin, View):
    """The message as received, as a download (never rendered by the browser)."""

    def get(self, request, pk):
        row = selectors.messages_for(request.user).defer(None).filter(pk=pk).first()
        if row is None or row.raw is None:
            raise Http404
        response = HttpResponse(bytes(row.raw), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="message-{row.pk}.eml"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class _ActionView(MessageView):
    def post(self, request, pk):
        self.load(pk)
        return self.act(request)


class AttachView(_ActionView):
    def act(self, request):
        label = (request.POST.get("ticket") or "").strip().upper()
        try:
            ticket = ticket_for(request.user, label=label, action=Action.NOTE,
                                queryset=Ticket.objects.select_related("location"))
        except NotFound:
            messages.error(request, _("No ticket %(label)s you can see.") % {"label": label})
            return self.render_page(status=400)
        review.inbound_attach(actor=request.user, message=self.row.pk, ticket=ticket)
        messages.success(request, _("The message was added to %(label)s.") % {"label": label})
        return redirect("portal:ticket", pk=ticket.pk)


class OpenTicketView(_ActionView):
    def act(self, request):
        ticket = review.inbound_open_ticket(actor=request.user, message=self.row.pk)
        messages.success(request, _("Ticket %(label)s opened.") % {"label": ticket.label})
        return redirect("portal:ticket", pk=ticket.pk)


class DiscardView(_ActionView):
    def act(self, request):
        review.inbound_discard(actor=request.user, message=self.row.pk)
        messages.success(request, _("The message was discarded."))
        return redirect("inbox:review")
