"""The form field of every page that takes files: several at once, checked by the service
(``tickets.services.attachments``) so every way in refuses the same things."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def limits_help() -> str:
    return _(
        "Up to %(n)d files of %(size)s each: images, PDF, office documents, plain text, zip."
    ) % {
        "n": settings.HELPDESK_ATTACHMENT_MAX_FILES,
        "size": filesizeformat(settings.HELPDESK_ATTACHMENT_MAX_BYTES),
    }


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attach files"))
        super().__init__(**kwargs)
        self.help_text = kwargs.get("help_text") or limits_help()

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]
