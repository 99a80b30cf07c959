"""Saved queue views: save the dashboard's current filter and sort, rename / re-share and
delete (``services.saved_views``; who may do what: ``tickets.access``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.models import Area
from core.web import AgentRequiredMixin
from portal import queue_views
from portal.filters import TicketFilter
from tickets import services
from tickets.access import may_change_view, saved_view_for
from tickets.errors import NotAllowed, NotFound, ValidationFailed
from tickets.models import VIEW_NAME_MAX, Ticket, Visibility


class SavedViewForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=VIEW_NAME_MAX)
    visibility = forms.ChoiceField(
        label=gettext_lazy("Shared with"), choices=Visibility.choices, initial="private"
    )
    area = forms.ModelChoiceField(
        label=gettext_lazy("Area"), queryset=Area.objects.filter(active=True), required=False
    )
    querystring = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


def _checked_params(request, querystring: str) -> dict:
    """The dashboard parameters in ``querystring``, each checked by the filter form."""
    data, _active = queue_views.resolve(request.user, QueryDict(querystring))
    params = queue_views.params_of(data)
    bound = QueryDict(mutable=True)
    bound.update(params)
    checked = TicketFilter(bound, queryset=Ticket.objects.none(), request=request)
    if params and not checked.form.is_valid():
        raise ValidationFailed.for_field("params", _("These filters are not valid."))
    return params


class DomainErrorsRedirect(AgentRequiredMixin, View):
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except NotAllowed as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except ValidationFailed as exc:
            messages.error(request, str(exc.message).split(": ", 1)[-1])
            return redirect(self.failure_url())

    def failure_url(self) -> str:
        return reverse("portal:dashboard")

    def bound_form(self):
        form = SavedViewForm(self.request.POST)
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise ValidationFailed.for_field(field, errors[0])
        return form.cleaned_data


class SavedViewCreateView(DomainErrorsRedirect):
    def post(self, request):
        data = self.bound_form()
        view = services.saved_view_create(
            actor=request.user,
            name=data["name"],
            params=_checked_params(request, data["querystring"]),
            visibility=data["visibility"],
            area=data["area"],
        )
        messages.success(request, _("View saved."))
        return redirect(f"{reverse('portal:dashboard')}?view={view.pk}")


class SavedViewUpdateView(DomainErrorsRedirect):
    def failure_url(self) -> str:
        return reverse("portal:views")

    def post(self, request, pk):
        view = saved_view_for(request.user, pk, change=True)
        data = self.bound_form()
        services.saved_view_update(
            actor=request.user,
            view=view,
            name=data["name"],
            visibility=data["visibility"],
            area=data["area"],
        )
        messages.success(request, _("View updated."))
        return redirect("portal:views")


class SavedViewDeleteView(DomainErrorsRedirect):
    def failure_url(self) -> str:
        return reverse("portal:views")

    def post(self, request, pk):
        view = saved_view_for(request.user, pk, change=True)
        services.saved_view_delete(actor=request.user, view=view)
        messages.success(request, _("View deleted."))
        return redirect("portal:views")


class SavedViewListView(AgentRequiredMixin, View):
    """The views the user may use; rename, re-share and delete forms on those it may change."""

    def get(self, request):
        rows = []
        for view in queue_views.usable_saved_views(request.user):
            form = None
            if may_change_view(request.user, view):
                form = SavedViewForm(
                    initial={"name": view.name, "visibility": view.visibility, "area": view.area},
                    auto_id=f"id_v{view.pk}_%s",
                )
            rows.append((view, form))
        ctx = {"rows": rows, "builtins": queue_views.BUILTIN_VIEWS.values()}
        return TemplateResponse(request, "portal/views.html", ctx)
