"""The one exception handler of the Mesa de Ayuda face: every error is ``{"message": ...}``.

400 adds ``errors`` ({field: [messages]}). Domain errors (``tickets.errors``) keep their
status and (translated) message; DRF's and Django's own errors get the face's messages;
a database outage is a 503. Nothing else leaks: no HTML, no stack trace.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, DataError, IntegrityError
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from api_mesa import messages
from api_mesa.fields import wire_errors
from core.parsers import RequestTooLarge
from tickets.access import OTHER_AREA_MESSAGE, ROLE_MESSAGE
from tickets.errors import (
    DomainError,
    FileTooLarge,
    NotAllowed,
    NotFound,
    UnsupportedFileType,
    ValidationFailed,
)

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "30"  # on a 503, as helpdesk/errors.py and the Spacebring face
# The challenge of a 401 from an endpoint that takes no token (login, refresh).
DEFAULT_CHALLENGE = 'Bearer realm="mesa"'


def _flatten(detail) -> dict[str, list[str]]:
    """DRF's nested ``detail`` as {field: [messages]} (nested fields dotted)."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for field, value in detail.items():
            name = "general" if field in ("non_field_errors", "detail") else str(field)
            for sub, msgs in _flatten(value).items():
                out[name if sub == "" else f"{name}.{sub}"] = msgs
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return {"": [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            for sub, msgs in _flatten(item).items():
                out[f"{index}.{sub}" if sub else str(index)] = msgs
        return out
    return {"": [str(detail)]}


def error_body(message, errors: dict | None = None) -> dict:
    body = {"message": str(message)}
    if errors:
        body["errors"] = errors
    return body


def _response(code: int, message, errors=None, headers=None) -> Response:
    return Response(error_body(message, errors), status=code, headers=headers)


def mesa_exception_handler(exc, context):
    set_rollback()  # under ATOMIC_REQUESTS, an error never commits half a request
    return _handle(exc, context)


def _wire(errors: dict, context) -> dict:
    """The services' field names in this face's words (``api_mesa.fields``)."""
    operation = getattr((context or {}).get("view"), "wire_operation", None)
    return wire_errors(errors, operation)


def _handle(exc, context):  # noqa: C901 - one flat table of cases
    if isinstance(exc, FileTooLarge):
        return _response(413, messages.FILE_TOO_LARGE, _wire(exc.errors, context))
    if isinstance(exc, UnsupportedFileType):
        return _response(415, messages.UNSUPPORTED_FILE, _wire(exc.errors, context))
    if isinstance(exc, ValidationFailed):
        errors = _wire(exc.errors, context) if exc.errors else {"general": [exc.message]}
        return _response(400, messages.INVALID_DATA, errors)
    if isinstance(exc, NotFound):
        return _response(404, messages.TICKET_NOT_FOUND)
    if isinstance(exc, NotAllowed):
        return _response(403, _refusal(exc.message))
    if isinstance(exc, DomainError):
        return _response(exc.status_code, exc.message)
    if isinstance(exc, drf.ValidationError):
        return _response(400, messages.INVALID_DATA, _flatten(exc.detail))
    if isinstance(exc, drf.ParseError):
        return _response(400, messages.INVALID_JSON)
    if isinstance(exc, drf.NotAuthenticated):
        return _response(401, messages.NOT_AUTHENTICATED, headers=_auth_header(context))
    if isinstance(exc, drf.AuthenticationFailed):
        detail = exc.detail if isinstance(exc.detail, str) else messages.INVALID_TOKEN
        return _response(401, detail, headers=_auth_header(context))
    if isinstance(exc, drf.PermissionDenied | DjangoPermissionDenied):
        detail = getattr(exc, "detail", None)
        return _response(403, str(detail) if detail else messages.FORBIDDEN)
    if isinstance(exc, drf.NotFound | Http404):
        return _response(404, messages.NOT_FOUND)
    if isinstance(exc, drf.MethodNotAllowed):
        return _response(405, messages.METHOD_NOT_ALLOWED)
    if isinstance(exc, drf.UnsupportedMediaType):
        return _response(415, messages.UNSUPPORTED_MEDIA)
    if isinstance(exc, drf.NotAcceptable):
        return _response(406, messages.NOT_ACCEPTABLE)
    if isinstance(exc, RequestTooLarge):
        return _response(413, messages.TOO_LARGE)
    if isinstance(exc, drf.Throttled):
        wait = int(exc.wait or 1)
        return _response(
            429, messages.THROTTLED % {"seconds": wait}, headers={"Retry-After": str(wait)}
        )
    if isinstance(exc, drf.APIException):
        return _response(exc.status_code, exc.detail)
    if isinstance(exc, SuspiciousOperation | DataError):
        # Too many fields, a value the database cannot hold: the request, not the server.
        logger.warning("Refused a bad request on the Mesa API: %r", exc)
        return _response(400, messages.INVALID_DATA)
    if isinstance(exc, IntegrityError):
        logger.warning("Integrity error in the Mesa API: %s", exc)
        return _response(409, messages.CONFLICT)
    if isinstance(exc, DatabaseError):
        logger.exception("Database unavailable while serving the Mesa API")
        return _response(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            messages.DATABASE_DOWN,
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )
    logger.exception("Unexpected error in the Mesa API")
    return _response(500, messages.SERVER_ERROR)


def _refusal(message) -> str:
    """The role matrix's two refusals in their one Mesa text each."""
    if message is ROLE_MESSAGE:
        return messages.FORBIDDEN
    if message is OTHER_AREA_MESSAGE:
        return messages.OTHER_AREA
    return str(message)


def _auth_header(context) -> dict | None:
    request = context.get("request")
    authenticators = getattr(request, "authenticators", None) or []
    if authenticators:
        return {"WWW-Authenticate": authenticators[0].authenticate_header(request)}
    return {"WWW-Authenticate": DEFAULT_CHALLENGE}


# The last-resort answers (``helpdesk/errors.py`` asks ``core.faces`` for them).
_LAST_RESORT = {
    400: messages.INVALID_DATA,
    500: messages.SERVER_ERROR,
    503: messages.DATABASE_DOWN,
}


def last_resort_body(status_code: int) -> dict:
    """The body of a failure no view caught (a bad ``Host``, a bug, the database down)."""
    return error_body(_LAST_RESORT[status_code])
