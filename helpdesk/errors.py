"""Django's last-resort error handlers (``handler400``, ``handler500``), for failures no way
in caught itself: a suspicious request refused before any view ran (bad ``Host``, too many
fields), an exception in a middleware, a bug in a view. They never show a stack trace and
speak each face's language:

- a database that cannot be reached answers **503** (``Retry-After``), a bug 500, a
  suspicious request 400;
- under a face's path prefix the face's own body: each way in registers its prefix and body
  builder in ``core.faces`` (``/support/``: Spacebring's ``{"message", "type"}`` in English,
  ``/api/``: the Mesa shape ``{"message"}`` in Spanish); on the OAuth2 token endpoints
  OAuth's ``{"error", "error_description"}``; elsewhere a standalone page that touches
  neither the database nor the session. This module imports no way in.

Django calls ``handler500`` inside the ``except`` block of the failed request, so
``sys.exc_info()`` names the exception. Connections are health-checked
(``CONN_HEALTH_CHECKS``), so the app recovers by itself once the database is back.
"""

import sys

from django.db import DatabaseError, DataError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import faces

RETRY_AFTER_SECONDS = "30"
# The OAuth2 endpoints machines call, with and without the trailing slash (the contract's
# paths have none; both forms are served).
OAUTH_JSON_PATHS = frozenset({"/oauth2/token", "/oauth2/revoke_token", "/oauth2/introspect"})
_OAUTH_ERRORS = {400: "invalid_request", 500: "server_error", 503: "temporarily_unavailable"}

# status -> (OAuth2 error description, page template)
_KINDS = {
    400: (_("Bad request."), "400.html"),
    500: (_("Internal server error."), "500.html"),
    503: (_("The service is temporarily unavailable. Try again later."), "503.html"),
}


def _answer(request, status: int) -> HttpResponse:
    message, template = _KINDS[status]
    path = request.path
    face = faces.face_for(path)
    if face is not None:
        response = JsonResponse(face.error_body(status), status=status)
    elif (path[:-1] if path.endswith("/") else path) in OAUTH_JSON_PATHS:
        # The OAuth2 token endpoints speak JSON to machines (RFC 6749 §5.2's shape).
        with translation.override("en"):
            response = JsonResponse(
                {"error": _OAUTH_ERRORS[status], "error_description": str(message)},
                status=status,
            )
    else:
        response = HttpResponse(render_to_string(template), status=status)
    if status == 503:
        response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def bad_request(request, exception=None):
    return _answer(request, 400)


def server_error(request, *args, **kwargs):
    exc = sys.exc_info()[1]
    if isinstance(exc, DataError):  # a value no column can hold (a NUL byte…): bad input
        return _answer(request, 400)
    return _answer(request, 503 if isinstance(exc, DatabaseError) else 500)
