"""Health endpoints for load balancers and orchestrators, answered by a middleware placed
first, so no other middleware runs: no session, no CSRF, no throttle, no ``Host`` check
(probes often send an IP address as ``Host``), no language negotiation.

- ``GET /healthz`` — liveness: the process answers. 200 ``{"status": "ok"}``; touches
  neither the database nor the cache.
- ``GET /readyz`` — readiness: the database and the cache answer. 200 with each check,
  or 503 in the same shape when one fails (the failing check names the error class)::

      {"status": "ok", "version": "0.1.0",
       "checks": {"database": {"status": "ok", "ms": 0.4},
                  "cache": {"status": "ok", "ms": 0.2}}}

Both answer ``Cache-Control: no-store``. Other methods than GET/HEAD get 405.
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

from helpdesk.version import version

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
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


def readyz(request: HttpRequest) -> HttpResponse:
    checks = {name: _run(name, check) for name, check in CHECKS.items()}
    ok = all(result["status"] == "ok" for result in checks.values())
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
