"""The form field of every page that takes files: several at once, checked by the service
(``tickets.services.attachments``) so every way in refuses the same things."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def limits_help() -> str:
    return gettext(
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
        # Fields are built once, at import: the help is worded when shown, in that request's
        # language (number and size format included).
        self.help_text = kwargs.get("help_text") or lazy(limits_help, str)()

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]
