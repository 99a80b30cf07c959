"""The requester's ticket page and their answers: reply, "yes, it is solved", "no, it still
fails". Reached after a label + e-mail match or through a signed link (``links``); every
answer posts to the ticket's signed URL, so the proof travels with it.

The views only read the link and the form: who may answer is decided by
``tickets.access`` inside the services (``Requester``).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import ratelimit
from core.web import DomainErrorsMixin, use_language
from requester.forms import AttachForm, LookupForm, ReopenForm, ReplyForm
from tickets import selectors, services
from tickets.access import Action, Requester, can
from tickets.errors import NotFound
from tickets.models import Status
from tickets.selectors import links
from tickets.selectors.files import requester_link
from tickets.selectors.history import REQUESTER_ROLES, timeline
from tickets.workflow import FINISHED_STATUSES

LINK_FALLBACK = gettext_lazy(
    "This link cannot open a ticket. Enter the ticket label and your e-mail address to look it up."
)


def render_ticket(
    request,
    ticket,
    *,
    requester=None,
    reply_form=None,
    reopen_form=None,
    attach_form=None,
    status=200,
):
    """The requester's view of one ticket: public timeline (with signed links to its public
    files), the answer forms and, while it is open, the form to add files. ``requester``:
    the principal the request proved (default: the ticket's requester, for this ticket)."""
    use_language(request, ticket.requester_language)
    grant = requester or Requester(ticket.requester_email, ticket_id=ticket.pk)
    entries = timeline(
        selectors.activity_list(ticket=ticket, public_only=True),
        for_requester=True,
        link=requester_link(grant),
    )
    # The desk's latest answer (not the requester's own replies).
    responses = [
        e for e in entries if e.text and e.activity.actor_snapshot.get("rol") not in REQUESTER_ROLES
    ]
    can_attach = can(grant, Action.COMMENT, ticket)
    if attach_form is None and can_attach:
        attach_form = AttachForm(initial={"label": ticket.label, "email": ticket.requester_email})
    answer = request.GET.get("respuesta")
    ctx = {
        "ticket": ticket,
        "entries": entries,
        "latest_response": responses[-1] if responses else None,
        "token": links.make_token(ticket),
        "reply_form": reply_form or ReplyForm(),
        "reopen_form": reopen_form or ReopenForm(),
        "attach_form": attach_form if can_attach else None,
        "is_solved": ticket.status == Status.RESUELTO,
        "is_finished": ticket.status in FINISHED_STATUSES,
        "answer": answer if answer in links.ANSWERS else "",
        "open_reopen": reopen_form is not None or answer == links.ANSWER_REOPEN,
    }
    return render(request, "public/ticket.html", ctx, status=status)


def link_fallback(request, status=200):
    """The label + e-mail form with one neutral message, whatever was wrong with the link."""
    form = LookupForm()
    return render(
        request,
        "public/lookup.html",
        {"form": form, "link_message": LINK_FALLBACK},
        status=status,
    )


class TicketLinkMixin(DomainErrorsMixin):
    """Resolve ``token`` to its ticket; a bad link is the neutral fallback, never an error
    page that would tell an expired link from a forged one."""

    throttle_scope = "public-link"
    throttled_method = "GET"
    ticket = None

    def dispatch(self, request, *args, **kwargs):
        if request.method == self.throttled_method and not ratelimit.allow(
            request, self.throttle_scope
        ):
            return ratelimit.too_many_requests(request)
        try:
            self.ticket = links.ticket_for_token(kwargs["token"])
        except NotFound:
            return link_fallback(request)
        return super().dispatch(request, *args, **kwargs)

    def actor(self) -> Requester:
        """The one principal of this request: the ticket's requester, proven by the link."""
        return Requester(
            self.ticket.requester_email, ticket_id=self.ticket.pk, user=self.request.user
        )

    def reload(self):
        self.ticket.refresh_from_db()
        return self.ticket

    def render_rejected(self, status: int):
        ticket = self.reload()
        return render_ticket(
            self.request, ticket, requester=self.actor(), status=status, **self.bound_forms()
        )

    def bound_forms(self) -> dict:
        return {}


class TicketLinkView(TicketLinkMixin, View):
    """GET the page a signed link opens."""

    def get(self, request, token):
        return render_ticket(request, self.ticket, requester=self.actor())


class ReplyView(TicketLinkMixin, View):
    throttle_scope = "public-reply"
    throttled_method = "POST"

    def get(self, request, token):
        return redirect("public:ticket", token=token)

    def post(self, request, token):
        self.form = ReplyForm(request.POST)
        if not self.form.is_valid():
            return self.render_rejected(status=400)
        old = self.ticket
        result = services.ticket_requester_reply(
            actor=self.actor(), ticket=old, text=self.form.cleaned_data["text"]
        )
        if result.follow_up:
            messages.success(
                request,
                _(
                    "Ticket %(old)s was already closed, so your reply opened a new ticket, "
                    "%(new)s, that refers to it."
                )
                % {"old": old.label, "new": result.ticket.label},
            )
        elif result.reopened:
            messages.success(request, _("Thank you. Your reply reopened the ticket."))
        else:
            messages.success(request, _("Thank you. Your reply was added to the ticket."))
        return redirect(links.requester_ticket_path(result.ticket))

    def bound_forms(self) -> dict:
        return {"reply_form": self.form}


class ConfirmView(TicketLinkMixin, View):
    throttle_scope = "public-confirm"
    throttled_method = "POST"

    def get(self, request, token):
        return redirect("public:ticket", token=token)

    def post(self, request, token):
        services.ticket_requester_confirm(actor=self.actor(), ticket=self.ticket)
        messages.success(request, _("Thank you for confirming. The ticket is now closed."))
        return redirect("public:ticket", token=token)


class ReopenView(TicketLinkMixin, View):
    throttle_scope = "public-confirm"
    throttled_method = "POST"

    def get(self, request, token):
        return redirect("public:ticket", token=token)

    def post(self, request, token):
        self.form = ReopenForm(request.POST)
        if not self.form.is_valid():
            return self.render_rejected(status=400)
        services.ticket_requester_reopen(
            actor=self.actor(), ticket=self.ticket, reason=self.form.cleaned_data["reason"]
        )
        messages.success(request, _("We are sorry. The ticket is open again and we are on it."))
        return redirect("public:ticket", token=token)

    def bound_forms(self) -> dict:
        return {"reopen_form": self.form}
