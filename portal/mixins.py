"""Access and error handling shared by every portal view.

``DomainErrorsMixin`` is the ONE place where the portal maps domain errors to HTTP:

| error               | portal answer                                               |
|---------------------|-------------------------------------------------------------|
| ``NotFound``        | 404 page                                                    |
| ``NotAllowed``      | 403 page (``templates/403.html``)                           |
| ``ValidationFailed``| the form again, errors under their fields, status 400       |
|                     | (413 / 415 for a file too large / of a refused type)        |
| ``InvalidTransition``| the page again with the message (status labels), status 409 |
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tickets.errors import InvalidTransition, NotAllowed, NotFound, TicketFinal, ValidationFailed
from tickets.models import Status


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


def _status_label(value) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return str(value)


def transition_message(exc: InvalidTransition) -> str:
    """The refusal in words: status labels, not codes (the APIs keep the codes)."""
    if isinstance(exc, TicketFinal):
        return _(
            "A ticket in status %(current)s is final: it takes no more changes or comments."
        ) % {"current": _status_label(exc.current)}
    return _("A ticket in status %(current)s cannot change to %(target)s.") % {
        "current": _status_label(exc.current),
        "target": _status_label(exc.target),
    }


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
    """Translate domain errors raised by services / permissions into portal responses.

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
        except InvalidTransition as exc:
            messages.error(request, transition_message(exc))
            return self.render_rejected(status=409)

    def render_rejected(self, status: int):  # pragma: no cover - every form view overrides
        raise NotImplementedError
