"""The HTML forms whose cleaned data are a service's keyword arguments, shared by the ways in
that post them (the requester's public form and the agents' "create on behalf" form both
feed ``ticket_create``). Each way in subclasses them for its own page; none imports another's.

``TicketForm`` holds the fields and limits of ``POST /api/tickets/crear`` (the names are the
Mesa contract's, which the public page posts as well); ``urgency_choices`` are the
plain-language answers of the public form whose priority exists (``tickets.urgency``);
``MultipleFileField`` is the file field of every page that takes files.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from tickets.files.forms import MultipleFileField
from tickets.models import Priority, Tipo
from tickets.urgency import Urgency, priority_name_for

__all__ = ["MultipleFileField", "TicketForm", "urgency_choices"]


def _priority_choices():
    return [("", "—")] + [(p.name, p.name) for p in Priority.objects.all()]


def urgency_choices():
    """The plain-language answers whose priority exists (one query)."""
    names = set(Priority.objects.values_list("name", flat=True))
    return [("", "—")] + [(u.value, u.label) for u in Urgency if priority_name_for(u) in names]


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
