"""Bulk work from the dashboard (``services.bulk``): the result page lists the tickets
done and, for each of the others, why not."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from core.web import AgentRequiredMixin
from portal.bulk_forms import BulkForm
from tickets.errors import InvalidTransition, ValidationFailed
from tickets.services import bulk


def back_url(request, value) -> str:
    """The dashboard the agent came from (a relative URL on this site only)."""
    default = "/portal/"
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value if value.startswith("/portal/") else default
    return default


def _reason(item) -> str:
    if isinstance(item.error, InvalidTransition):
        return item.error.in_words()
    return item.message


class BulkView(AgentRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = BulkForm(request.POST, user=request.user)
        back = back_url(request, request.POST.get("next"))
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return redirect(back)
        try:
            result = bulk.tickets_bulk_apply(
                actor=request.user,
                ticket_ids=form.selected(),
                operation=form.cleaned_data["operation"],
                params=form.params(),
            )
        except ValidationFailed as exc:
            messages.error(request, str(exc.message))
            return redirect(back)
        refused = [(item, _reason(item)) for item in result.refused]
        ctx = {
            "result": result,
            "operation": bulk.OPERATIONS[result.operation],
            "refused": refused,
            "back": back,
        }
        return TemplateResponse(request, "portal/bulk_result.html", ctx)
