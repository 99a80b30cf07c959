"""Requester forms: the public form (``TicketForm`` of ``tickets.services.forms``, urgency in
the requester's words instead of the desk's priorities), the lookup, and the requester's
answers (reply, "still fails") with the limits of the services.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from tickets.services import MAX_REASON, MAX_TEXT
from tickets.services.forms import MultipleFileField, TicketForm, urgency_choices


class PublicTicketForm(TicketForm):
    """The requester's form: urgency in their words instead of the desk's priorities."""

    prioridad = None
    urgencia = forms.ChoiceField(
        label=_("How urgent is it for you?"),
        choices=urgency_choices,
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


class AttachForm(forms.Form):
    """Files added to a looked-up ticket (``attachments.AttachView``)."""

    label = forms.CharField(max_length=40, widget=forms.HiddenInput)
    email = forms.EmailField(max_length=254, widget=forms.HiddenInput)
    attachments = MultipleFileField(required=True)
