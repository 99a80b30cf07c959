"""Health endpoints for load balancers and orchestrators, answered by a middleware placed
first, so no other middleware runs: no session, no CSRF, no throttle, no ``Host`` check
(probes often send an IP address as ``Host``), no language negotiation.

- ``GET /healthz`` — liveness: the process answers. 200 ``{"status": "ok"}``; touches
  neither the database nor the cache.
- ``GET /readyz`` — readiness: the database and the cache answer (a cache that is down or
  hung fails within its short timeouts, ``REDIS_*_TIMEOUT``; a database that does not answer
  within ``DATABASE_CHECK_SECONDS``, 1 s). 200 with each check,
  or 503 in the same shape when one fails (the failing check names the error class)::

      {"status": "ok", "version": "0.1.0",
       "checks": {"database": {"status": "ok", "ms": 0.4},
                  "cache": {"status": "ok", "ms": 0.2},
                  "email": {"status": "ok"}}}

  ``email`` is ``{"status": "warn", "error": "MailNotDelivered", "detail": …}`` when, with
  ``DEBUG`` off, the e-mail backend delivers nothing (console, file, dummy): said, not
  failed — the desk still serves.

Both answer ``Cache-Control: no-store``. Other methods than GET/HEAD get 405.
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

from core.db.postgresql.timeouts import within
from helpdesk.version import version
from mail.delivery import mail_not_delivered

logger = logging.getLogger(__name__)


# The database check ends by then whatever the connect and statement timeouts say: a server
# that accepts connections and never answers fails readiness within 2 s.
DATABASE_CHECK_SECONDS = 1.0


def _check_database() -> None:
    with within(DATABASE_CHECK_SECONDS), connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


class CacheUnavailable(Exception):
    pass


def _check_cache() -> None:
    # The cache fails open for everyone else (helpdesk/cache.py); here its health is asked
    # directly, and answered at once while it is known to be down.
    available = getattr(caches["default"], "available", None)
    if available is not None and not available():
        raise CacheUnavailable("the cache does not answer")
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)


CHECKS: dict[str, Callable[[], None]] = {"database": _check_database, "cache": _check_cache}


def _run(name: str, check: Callable[[], None]) -> dict:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        logger.warning("readiness check %s failed: %s", name, exc.__class__.__name__)
        return {"status": "fail", "error": exc.__class__.__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    return _no_store(JsonResponse({"status": "ok"}))


def _email() -> dict:
    reason = mail_not_delivered(debug=settings.DEBUG, backend=settings.EMAIL_BACKEND)
    if reason is None:
        return {"status": "ok"}
    return {"status": "warn", "error": "MailNotDelivered", "detail": reason}


def readyz(request: HttpRequest) -> HttpResponse:
    checks = {name: _run(name, check) for name, check in CHECKS.items()}
    ok = all(result["status"] == "ok" for result in checks.values())
    checks["email"] = _email()  # a warning, never a failure
    body = {"status": "ok" if ok else "fail", "version": version(), "checks": checks}
    return _no_store(JsonResponse(body, status=200 if ok else 503))


ENDPOINTS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        endpoint = ENDPOINTS.get(request.path_info.rstrip("/") or "/")
        if endpoint is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"status": "fail", "error": "method not allowed"}, status=405)
            response["Allow"] = "GET, HEAD"
            return _no_store(response)
        return endpoint(request)
