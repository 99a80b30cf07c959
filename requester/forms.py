"""Requester forms: the fields and limits of ``POST /api/tickets/crear`` and ``/consultar``,
and the requester's answers (reply, "still fails") with the limits of the services.

The public form asks "how urgent is it for you?" in plain words (``tickets.urgency``)
where the API and the agents' form name a priority. The agents' "create on behalf" form is
the priority form plus an area choice.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from tickets.files.forms import MultipleFileField
from tickets.models import Priority, Tipo
from tickets.services._base import MAX_TEXT
from tickets.services.requester import MAX_REASON
from tickets.urgency import Urgency, priority_name_for


def _priority_choices():
    return [("", "—")] + [(p.name, p.name) for p in Priority.objects.all()]


class TicketForm(forms.Form):
    nombre = forms.CharField(label=_("Full name"), min_length=3, max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    telefono = forms.CharField(label=_("Phone"), max_length=30, required=False)
    tieneWhatsapp = forms.BooleanField(label=_("This number has WhatsApp"), required=False)  # noqa: N815
    documento = forms.CharField(label=_("ID document"), max_length=50, required=False)
    empresaDepartamento = forms.CharField(  # noqa: N815
        label=_("Company / department"), max_length=150, required=False
    )
    tipo = forms.ChoiceField(label=_("Kind of request"), choices=Tipo.choices)
    categoria = forms.CharField(label=_("Category"), min_length=2, max_length=100)
    subcategoria = forms.CharField(label=_("Subcategory"), max_length=100, required=False)
    prioridad = forms.ChoiceField(label=_("Priority"), choices=_priority_choices)
    asunto = forms.CharField(label=_("Subject"), max_length=200, required=False)
    descripcion = forms.CharField(
        label=_("Description"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, where, since when. At least 10 characters."),
    )
    attachments = MultipleFileField()

    ABOUT_FIELDS = ("nombre", "email", "telefono", "tieneWhatsapp", "documento",
                    "empresaDepartamento")  # fmt: skip
    # The services' field names (the domain's words) -> this form's (Mesa ``crear``'s, which
    # the requester's page keeps): where a ``ValidationFailed`` lands (form_with_errors).
    service_fields = {
        "description": "descripcion",
        "priority": "prioridad",
        "urgency": "urgencia",
        "area": "areaAsignada",
    }

    def about_fields(self):
        """The requester's own fields (first fieldset of the page)."""
        return [self[name] for name in self.fields if name in self.ABOUT_FIELDS]

    def request_fields(self):
        """Everything else: what the request is about."""
        return [self[name] for name in self.fields if name not in self.ABOUT_FIELDS]

    def service_kwargs(self) -> dict:
        """The cleaned form as keyword arguments of ``services.ticket_create``."""
        d = self.cleaned_data
        return {
            "requester_name": d["nombre"],
            "requester_email": d["email"],
            "requester_phone": d["telefono"],
            "requester_whatsapp": d["tieneWhatsapp"],
            "requester_document": d["documento"],
            "requester_company": d["empresaDepartamento"],
            "tipo": d["tipo"],
            "categoria": d["categoria"],
            "subcategoria": d["subcategoria"],
            "priority": d.get("prioridad"),
            "subject": d["asunto"],
            "description": d["descripcion"],
            "uploads": d.get("attachments") or [],
        }


def _urgency_choices():
    """The plain-language answers whose priority exists (one query)."""
    names = set(Priority.objects.values_list("name", flat=True))
    return [("", "—")] + [(u.value, u.label) for u in Urgency if priority_name_for(u) in names]


class PublicTicketForm(TicketForm):
    """The requester's form: urgency in their words instead of the desk's priorities."""

    prioridad = None
    urgencia = forms.ChoiceField(
        label=_("How urgent is it for you?"),
        choices=_urgency_choices,
        help_text=_("The service desk sets the final priority."),
    )
    field_order = [
        "nombre", "email", "telefono", "tieneWhatsapp", "documento", "empresaDepartamento",
        "tipo", "categoria", "subcategoria", "urgencia", "asunto", "descripcion",
    ]  # fmt: skip

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        kwargs.pop("priority")
        return {**kwargs, "urgency": self.cleaned_data["urgencia"]}


class AgentTicketForm(TicketForm):
    """Create on behalf of a requester: the agent may route it straight to an area."""

    areaAsignada = forms.ModelChoiceField(  # noqa: N815
        label=_("Area"),
        queryset=Area.objects.filter(active=True),
        to_field_name="code",
        required=False,
        empty_label=_("Intake area (default)"),
    )

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "area": self.cleaned_data["areaAsignada"]}


class LookupForm(forms.Form):
    label = forms.CharField(
        label=_("Ticket label"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"placeholder": "TKT-2026-00042", "autocapitalize": "characters"}
        ),
    )
    email = forms.EmailField(label=_("E-mail used to open it"), max_length=254)


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What still fails?"),
        min_length=3,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
