"""Django's last-resort error handler (``handler500``), for failures no way in caught itself:
an exception in a middleware, a bug in a view. It never shows a stack trace and speaks each
face's language:

- a database that cannot be reached answers **503** (``Retry-After``), anything else 500;
- under ``/support/`` the body is Spacebring's ``{"message", "type"}``, under ``/api/`` the
  Mesa shape ``{"message"}``, elsewhere the standalone ``500.html`` / ``503.html`` page, which
  touch neither the database nor the session.

Django calls it inside the ``except`` block of the failed request, so ``sys.exc_info()``
names the exception. Connections are health-checked (``CONN_HEALTH_CHECKS``), so the app
recovers by itself once the database is back.
"""

import sys

from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tickets.api.mesa import messages as mesa_messages
from tickets.api.mesa.errors import error_body as mesa_body
from tickets.api.spacebring.errors import error_body as spacebring_body

RETRY_AFTER_SECONDS = "30"


def server_error(request, *args, **kwargs):
    exc = sys.exc_info()[1]
    unavailable = isinstance(exc, DatabaseError)
    status = 503 if unavailable else 500
    path = request.path
    if path.startswith("/support/"):
        message = (
            _("The service is temporarily unavailable. Try again later.")
            if unavailable
            else _("Internal server error.")
        )
        body = spacebring_body(message, "unavailable" if unavailable else "internal")
        response = JsonResponse(body, status=status)
    elif path.startswith("/api/"):
        message = mesa_messages.DATABASE_DOWN if unavailable else mesa_messages.SERVER_ERROR
        response = JsonResponse(mesa_body(message), status=status)
    else:
        template = "503.html" if unavailable else "500.html"
        response = HttpResponse(render_to_string(template), status=status)
    if unavailable:
        response["Retry-After"] = RETRY_AFTER_SECONDS
    return response
