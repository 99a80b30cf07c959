"""The dashboard's bulk form: the selected tickets, the operation (``services.bulk``'s
registry, only those the user's role may use) and the inputs each operation reads."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from portal.forms import AgentChoiceField, agents_by_area, agents_for
from tickets.access import can, sight, usable_macros_q
from tickets.models import Macro, Priority, Status
from tickets.services import bulk
from tickets.services.bulk import BULK_MAX
from tickets.workflow import SET_BY_OPERATION


class IdsField(forms.Field):
    """Repeated hidden / checkbox values, as sent (each ticket is checked by the service)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [str(v).strip()[:64] for v in values if v][: BULK_MAX + 1]


def offered_operations(user) -> list:
    return [op for op in bulk.OPERATIONS.values() if can(user, op.action_for(user))]


class BulkForm(forms.Form):
    operation = forms.ChoiceField(label=_("Action"), choices=())
    tickets = IdsField(required=False)
    all_on_page = forms.BooleanField(label=_("Every ticket on this page"), required=False)
    page_ids = IdsField(required=False)
    assignee = AgentChoiceField(
        label=_("Agent"), queryset=agents_for(), required=False, to_field_name="pk"
    )
    area = forms.ModelChoiceField(
        label=_("New area"), queryset=Area.objects.filter(active=True), required=False
    )
    status = forms.ChoiceField(label=_("New status"), required=False, choices=())
    priority = forms.ModelChoiceField(
        label=_("New priority"),
        queryset=Priority.objects.all(),
        to_field_name="name",
        required=False,
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    macro = forms.ModelChoiceField(label=_("Macro"), queryset=Macro.objects.none(), required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operation"].choices = [(op.name, op.label) for op in offered_operations(user)]
        plain = [(v, label) for v, label in Status.choices if v not in SET_BY_OPERATION]
        self.fields["status"].choices = [("", "---------"), *plain]
        field = self.fields["assignee"]
        # An AREA agent works its own area's tickets: the desk and its own area's agents.
        field.queryset = agents_for(None if sight(user).everything else user.area)
        field.choices = agents_by_area(field, field.queryset)
        usable = usable_macros_q(user)  # the macros the user may use: one query when shown
        if usable is not None:
            self.fields["macro"].queryset = Macro.objects.filter(usable).only("pk", "name")

    def selected(self) -> list[str]:
        data = self.cleaned_data
        ids = list(data.get("tickets") or [])
        if data.get("all_on_page"):
            ids += data.get("page_ids") or []
        return list(dict.fromkeys(ids))

    def params(self) -> dict:
        data = self.cleaned_data
        op = bulk.OPERATIONS[data["operation"]]
        values = {
            "assignee": data.get("assignee"),
            "area": data.get("area"),
            "status": data.get("status"),
            "priority": data.get("priority"),
            "tag": data.get("tag"),
            "macro": data["macro"].pk if data.get("macro") else None,
        }
        return {name: values.get(name, self.data.get(name)) for name in op.fields}
