"""Tags on the ticket page (add / remove, PRG) and the autocomplete the tag inputs use."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from core.web import AgentRequiredMixin
from tickets import services
from tickets.access import Action, ticket_for, visible_ticket_q
from tickets.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from tickets.models import Tag

SUGGESTIONS = 10


class TicketTagView(AgentRequiredMixin, View):
    """POST ``name`` to add (``remove=False``) or remove a tag; back to the ticket page."""

    http_method_names = ["post"]
    remove = False

    def post(self, request, pk):
        try:
            ticket = ticket_for(request.user, id=pk, action=Action.TAG)
            service = services.ticket_tag_remove if self.remove else services.ticket_tag_add
            service(actor=request.user, ticket=ticket, name=request.POST.get("name", ""))
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except NotAllowed as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except ValidationFailed as exc:
            messages.error(request, str(exc.message).removeprefix("tag: "))
        except InvalidTransition as exc:
            messages.error(request, exc.in_words())
        else:
            messages.success(request, _("Tag removed.") if self.remove else _("Tag added."))
        return redirect("portal:ticket", pk=pk)


class TagSuggestView(AgentRequiredMixin, View):
    """``GET ?q=pri`` → ``{"tags": ["printer", "priority-client"]}``: tags in use on
    tickets the user may see, starting with ``q`` (normalised), at most ten. One query."""

    def get(self, request):
        try:
            prefix = services.normalize_tag(request.GET.get("q", "")[:100])
        except ValidationFailed:
            return JsonResponse({"tags": []})
        condition = visible_ticket_q(request.user, via="links__ticket__")
        if condition is None:
            return JsonResponse({"tags": []})
        names = (
            Tag.objects.filter(condition, name__startswith=prefix)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()[:SUGGESTIONS]
        )
        response = JsonResponse({"tags": list(names)})
        response["Cache-Control"] = "private, max-age=30"
        return response
