"""Macros on the portal: the list an agent may manage, create, edit, delete.

MESA/ADMIN manage every macro (shared or scoped to an area); an AREA agent manages its
own area's (``access.can_manage_macro``). What is saved, and who may, is the
services' call (``tickets.services.macros``); this only shows forms.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views import View

from accounts.models import Area
from core.web import AgentRequiredMixin, DomainErrorsMixin
from tickets import services
from tickets.access import can_manage_macro, sight, visible_areas_q
from tickets.models import PauseKind, Priority, Status
from tickets.selectors.work import managed_macros
from tickets.services.placeholders import PLACEHOLDERS
from tickets.workflow import SET_BY_OPERATION

FIELDS = (
    "name",
    "body",
    "area_scope",
    "set_status",
    "set_pause_kind",
    "set_priority",
    "set_area",
    "note",
)


class MacroForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    body = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Placeholders: %(names)s.")
        % {"names": ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)},
    )
    area_scope = forms.ModelChoiceField(
        label=_("Only for the area"),
        queryset=Area.objects.filter(active=True),
        required=False,
        empty_label=_("Every agent"),
    )
    set_status = forms.ChoiceField(label=_("Status to set"), required=False)
    set_pause_kind = forms.ChoiceField(
        label=_("The pause waits for"),
        choices=[("", "---------"), *PauseKind.choices],
        required=False,
        help_text=_(
            "With the status Paused. Waiting for the requester: their answer, by any way in, "
            "takes the ticket back to work."
        ),
    )
    set_priority = forms.ModelChoiceField(
        label=_("Priority to set"), queryset=Priority.objects.all(), required=False
    )
    set_area = forms.ModelChoiceField(
        label=_("Area to set"), queryset=Area.objects.filter(active=True), required=False
    )
    note = forms.CharField(
        label=_("Internal note to add"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["set_status"].choices = [("", _("Keep it"))] + [
            (value, label) for value, label in Status.choices if value not in SET_BY_OPERATION
        ]
        if not sight(user).everything:  # its own area's macros only
            scope = self.fields["area_scope"]
            scope.queryset = Area.objects.filter(visible_areas_q(user, "pk"))
            scope.required, scope.empty_label = True, None


class MacroListView(AgentRequiredMixin, View):
    def get(self, request):
        ctx = {
            "macros": managed_macros(request.user),
            "can_create": can_manage_macro(request.user)
            or can_manage_macro(request.user, request.user.area_id),
        }
        return TemplateResponse(request, "portal/macros.html", ctx)


class MacroEditView(AgentRequiredMixin, DomainErrorsMixin, View):
    """``pk`` None: a new macro."""

    def macro(self, pk):
        if pk is None:
            return None
        macro = managed_macros(self.request.user).filter(pk=pk).first()
        if macro is None:
            raise PermissionDenied
        return macro

    def get(self, request, pk=None):
        macro = self.macro(pk)
        initial = {name: getattr(macro, name) for name in FIELDS} if macro else {}
        self.form = MacroForm(initial=initial, user=request.user)
        return self.render_rejected(200, macro)

    def post(self, request, pk=None):
        macro = self.macro(pk)
        self.form = MacroForm(request.POST, user=request.user)
        self.current = macro
        if not self.form.is_valid():
            return self.render_rejected(400)
        values = {name: self.form.cleaned_data[name] for name in FIELDS}
        if macro is None:
            services.macro_create(actor=request.user, **values)
        else:
            services.macro_update(actor=request.user, macro_id=macro.pk, **values)
        messages.success(request, _("Macro saved."))
        return redirect("portal:macros")

    def render_rejected(self, status: int, macro=None):
        macro = macro or getattr(self, "current", None)
        ctx = {"form": self.form, "macro": macro}
        return TemplateResponse(self.request, "portal/macro_form.html", ctx, status=status)


class MacroDeleteView(AgentRequiredMixin, DomainErrorsMixin, View):
    def post(self, request, pk):
        services.macro_delete(actor=request.user, macro_id=pk)
        messages.success(request, _("Macro deleted."))
        return redirect("portal:macros")
