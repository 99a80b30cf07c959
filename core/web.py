"""What every HTML view shares, whichever app it belongs to (portal, requester pages, mail,
notifications, reports): who may see agent pages, and the ONE mapping of domain errors to
pages. It works on the base errors of ``core.errors``, so it knows no app:

| error               | page answer                                                 |
|---------------------|-------------------------------------------------------------|
| ``NotFound``        | 404 page                                                    |
| ``NotAllowed``      | 403 page (``templates/403.html``)                           |
| ``ValidationFailed``| the form again, errors under their fields, status 400       |
|                     | (413 / 415 for a file too large / of a refused type)        |
| ``Conflict``        | the page again with the refusal in words (``in_words()``:   |
|                     | status labels for a refused transition), status 409         |
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import Conflict, NotAllowed, NotFound, ValidationFailed


class AgentRequiredMixin(LoginRequiredMixin):
    """Anonymous -> login page; a logged-in non-agent (requester, blocked) -> 403.

    Pages that set ``requesters_to_lookup`` (the dashboard, where logging in lands) send a
    non-agent to "my tickets" (the requester pages) with a message instead of a 403.
    """

    requesters_to_lookup = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_agent:
            if self.requesters_to_lookup and request.method in ("GET", "HEAD"):
                messages.info(request, _("The portal is for agents. Here are your tickets."))
                return redirect("public:mine")
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def form_with_errors(form, exc: ValidationFailed):
    """Put a ``ValidationFailed``'s field errors on ``form`` (unknown fields -> form errors).
    A form whose fields are not named as the services name them maps them in one place, its
    ``service_fields`` ({service's name: form field})."""
    if not exc.errors:
        form.add_error(None, str(exc.message))
    names = getattr(form, "service_fields", {})
    for field, msgs in exc.errors.items():
        field = names.get(field, field)
        form.add_error(field if field in form.fields else None, list(msgs))
    return form


class DomainErrorsMixin:
    """Translate domain errors raised by services / permissions into page responses.

    Views that post forms set ``self.form`` before calling a service and implement
    ``render_rejected(status)``, which renders the page again (bound form, messages).
    """

    form = None

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except NotAllowed as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except ValidationFailed as exc:
            if self.form is None:
                messages.error(request, str(exc.message))
            else:
                form_with_errors(self.form, exc)
            return self.render_rejected(status=exc.status_code)
        except Conflict as exc:
            messages.error(request, exc.in_words())
            return self.render_rejected(status=409)

    def render_rejected(self, status: int):  # pragma: no cover - every form view overrides
        raise NotImplementedError


def use_language(request, language: str | None) -> None:
    """Speak ``language`` on this page (e.g. the one a ticket's requester opened it in, what
    their e-mails are written in), unless the visitor chose one (the language cookie
    ``set_language`` writes). So a link from an English e-mail opens an English page on any
    device."""
    if not language or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
