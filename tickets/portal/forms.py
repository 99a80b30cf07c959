"""Action forms of the ticket page. Field names are the services' field names (the Mesa
contract's), so a ``ValidationFailed`` from a service lands under the right field."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Area, Role, User
from tickets.models import Priority, Status

REASON_MAX = 5000


def priority_choices():
    return [(p.name, p.name) for p in Priority.objects.all()]


def reason_field(required=False):
    return forms.CharField(
        label=_("Reason"),
        required=required,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        area = f" · {obj.area.name}" if obj.area_id else ""
        return f"{obj.full_name or obj.email} ({obj.get_role_display()}{area})"


def agents_for(area=None):
    """Active agents; with ``area``, only those who may work it (desk + that area)."""
    qs = User.objects.filter(is_active=True).select_related("area").order_by("name", "email")
    if area is None:
        return qs.filter(role__in=[Role.ADMIN, Role.MESA, Role.AREA])
    return qs.filter(Q(role__in=[Role.ADMIN, Role.MESA]) | Q(role=Role.AREA, area=area))


class UpdateForm(forms.Form):
    """Mesa ``actualizar``: status, priority, area and a response the requester reads."""

    estado = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    prioridad = forms.ChoiceField(label=_("Priority"), choices=priority_choices)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.filter(active=True), to_field_name="code"
    )
    respuesta = forms.CharField(
        label=_("Response to the requester"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Public: the requester reads it and gets it by e-mail."),
    )

    @classmethod
    def initial_for(cls, ticket):
        return {"estado": ticket.status, "prioridad": ticket.priority.name, "area": ticket.area}


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only agents see internal notes."),
    )


class ReasonForm(forms.Form):
    motivo = reason_field()


class AssignForm(forms.Form):
    agenteId = AgentChoiceField(label=_("Agent"), queryset=User.objects.none())  # noqa: N815
    motivo = reason_field()

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenteId"].queryset = agents_for(ticket.area if ticket else None)


class TransferForm(forms.Form):
    area = forms.ModelChoiceField(label=_("New area"), queryset=Area.objects.filter(active=True))
    agenteId = AgentChoiceField(  # noqa: N815
        label=_("Agent (optional)"), queryset=User.objects.none(), required=False
    )
    motivo = reason_field()

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenteId"].queryset = agents_for()


class ReclassifyForm(forms.Form):
    nuevaPrioridad = forms.ChoiceField(label=_("New priority"), choices=priority_choices)  # noqa: N815
    nuevaCategoria = forms.CharField(  # noqa: N815
        label=_("New category"), required=False, max_length=100
    )
    motivo = reason_field()
