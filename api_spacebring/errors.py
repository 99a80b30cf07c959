"""The Spacebring face's one error shape: ``{"message": "...", "type": "..."}``.

Every failure on this face goes through ``exception_handler``: domain errors of
``tickets.errors``, DRF's own (parse errors, authentication, method not allowed,
unsupported media type, throttling…), Django's ``Http404`` and a database that is down.
"""

import logging

from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, DataError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response

from tickets.errors import DomainError, InvalidTransition, ValidationFailed
from tickets.workflow import TERMINAL_STATUSES, to_spacebring

logger = logging.getLogger(__name__)

# DRF exception class -> Spacebring ``type``.
_DRF_TYPES: list[tuple[type[exceptions.APIException], str]] = [
    (exceptions.ValidationError, "validation"),
    (exceptions.ParseError, "validation"),
    (exceptions.NotAuthenticated, "unauthorized"),
    (exceptions.AuthenticationFailed, "unauthorized"),
    (exceptions.PermissionDenied, "forbidden"),
    (exceptions.NotFound, "notFound"),
    (exceptions.MethodNotAllowed, "methodNotAllowed"),
    (exceptions.NotAcceptable, "notAcceptable"),
    (exceptions.UnsupportedMediaType, "unsupportedMediaType"),
    (exceptions.Throttled, "tooManyRequests"),
]


def error_body(message, type_: str) -> dict:
    return {"message": str(message), "type": type_}


def error_response(message, type_: str, status_code: int, headers=None) -> Response:
    return Response(error_body(message, type_), status=status_code, headers=headers)


def first_error(detail, path: str = "") -> tuple[str, str]:
    """(dotted field path, message) of the first error in a DRF error ``detail``."""
    if isinstance(detail, dict):
        key, value = next(iter(detail.items()))
        name = path if key == "non_field_errors" else (f"{path}.{key}" if path else str(key))
        return first_error(value, name)
    if isinstance(detail, list) and detail:
        return first_error(detail[0], path)
    return path, str(detail)


def validation_message(detail) -> str:
    field, message = first_error(detail)
    return f"{field}: {message}" if field else message


# The one table from the services' field names (the domain's words) to this face's paths.
# A view may name one its own way (``service_fields``, e.g. the files of a create).
SERVICE_FIELDS = {
    "assignee": "ticket.membershipRefAssignee",
    "description": "ticket.text",
    "type": "ticket.type",
    "status": "ticket.status",
    "location": "ticket.locationRef",
    "text": "comment.text",
    "attachments": "comment.attachments",
    # No path of this face's own (a server-side default that failed): the names its
    # messages have always carried.
    "pause_kind": "pauseKind",
    "priority": "prioridad",
    "area": "areaAsignada",
    "reason": "motivo",
}


def service_field(name: str, overrides: dict | None = None) -> str:
    head, dot, rest = name.partition("[")
    names = {**SERVICE_FIELDS, **(overrides or {})}
    return names.get(head, head) + (dot + rest if dot else "")


def conflict_message(exc: InvalidTransition) -> str:
    """A 409 in the client's vocabulary (``new``, ``inProgress``, ``solved``, ``closed``):
    never an internal status it cannot see."""
    if exc.current in TERMINAL_STATUSES:
        return _("The ticket is closed for good: it takes no more changes or comments.")
    return _("A ticket in status %(current)s cannot change to %(target)s.") % {
        "current": to_spacebring(exc.current),
        "target": to_spacebring(exc.target),
    }


def exception_handler(exc, context) -> Response | None:
    if isinstance(exc, ValidationFailed) and exc.errors:
        field, messages = next(iter(exc.errors.items()))
        # A view may name the services' fields its own way (``service_fields``).
        overrides = getattr(context.get("view"), "service_fields", None)
        message = f"{service_field(field, overrides)}: {messages[0]}"
        return error_response(message, exc.code, exc.status_code)
    if isinstance(exc, InvalidTransition):
        return error_response(conflict_message(exc), exc.code, exc.status_code)
    if isinstance(exc, DomainError):
        return error_response(exc.message, exc.code, exc.status_code)
    if isinstance(exc, Http404):
        return error_response(_("Not found."), "notFound", status.HTTP_404_NOT_FOUND)
    if isinstance(exc, SuspiciousOperation | DataError):
        # Too many fields, a value the database cannot hold: the request, not the server.
        logger.warning("Refused a bad request on the Spacebring API: %r", exc)
        return error_response(_("Bad request."), "validation", status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DatabaseError):
        logger.exception("Database unavailable on the Spacebring API")
        return error_response(
            _("The service is temporarily unavailable. Try again later."),
            "unavailable",
            status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "30"},
        )
    if isinstance(exc, exceptions.APIException):
        default = getattr(exc, "spacebring_type", "error")
        type_ = next((t for cls, t in _DRF_TYPES if isinstance(exc, cls)), default)
        if isinstance(exc, exceptions.ValidationError):
            message = validation_message(exc.detail)
        else:
            message = exc.detail if isinstance(exc.detail, str) else validation_message(exc.detail)
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(int(exc.wait))
        return error_response(message, type_, exc.status_code, headers=headers)
    return None  # anything else is a bug: let Django report it


# The last-resort answers (``helpdesk/errors.py`` asks ``core.faces`` for them): status ->
# (type, message), always in English like the rest of this face.
_LAST_RESORT = {
    400: ("validation", gettext_lazy("Bad request.")),
    500: ("internal", gettext_lazy("Internal server error.")),
    503: ("unavailable", gettext_lazy("The service is temporarily unavailable. Try again later.")),
}


def last_resort_body(status_code: int) -> dict:
    """The body of a failure no view caught (a bad ``Host``, a bug, the database down)."""
    type_, message = _LAST_RESORT[status_code]
    with translation.override("en"):
        return error_body(message, type_)
