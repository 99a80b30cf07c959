from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Kind, Preference


class PreferenceForm(forms.ModelForm):
    email_kinds = forms.MultipleChoiceField(
        label=_("Send me these by e-mail"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Preference
        fields = ["new_tickets", "email_kinds"]
        help_texts = {
            "new_tickets": _("Every new ticket in your area appears under the bell."),
        }
