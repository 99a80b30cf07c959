"""Redis is safe to lose: with the cache on a closed port, or on a server that accepts and
never answers, every way in still serves within a second (throttles fail open, charts are
computed, sessions live in the database), and the outage is logged once, not per request.

The servers are real (``tests/faults/servers.py``); nothing of the cache is mocked.
"""

import logging
import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts import api_clients
from accounts.jwt import tokens_for
from accounts.models import Membership
from core.cache import RETRY_SECONDS, redis_cache_config
from tests.conftest import PASSWORD
from tests.faults.servers import fault

KINDS = ["closed", "silent"]
BUDGET = 1.0  # seconds: a hung cache must never hold a request
HEALTHY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(params=KINDS)
def broken_cache(request):
    """The default cache on a real Redis URL whose server refuses or never answers."""
    with fault(request.param) as port:
        config = redis_cache_config(
            f"redis://127.0.0.1:{port}/0",
            prefix="broken",
            connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
            timeout=settings.REDIS_SOCKET_TIMEOUT,
        )
        with override_settings(CACHES={"default": config}):
            yield request.param


@pytest.fixture
def world(users, ticket, priorities, location, area_mesa):
    membership = Membership.objects.get(user=users["admin"], location=location)
    client, secret = api_clients.issue(
        name="outage", network=location.network, membership=membership, scopes="support"
    )
    return {"users": users, "ticket": ticket, "location": location, "basic": (client, secret)}


def _basic(world):
    import base64

    client, secret = world["basic"]
    token = base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def portal_login(w):
    body = {"username": w["users"]["mesa"].email, "password": PASSWORD}
    client = Client()
    return lambda: client.post("/accounts/login/", body), 302


def admin_login(w):
    body = {"username": w["users"]["admin"].email, "password": PASSWORD, "next": "/admin/"}
    client = Client()
    return lambda: client.post("/admin/login/", body), 302


def mesa_login(w):
    body = {"email": w["users"]["mesa"].email, "password": PASSWORD}
    client = APIClient()
    return lambda: client.post("/api/auth/login", body, format="json"), 200


def public_create_form(w):
    body = {
        "nombre": "Laura Gómez",
        "email": "laura@example.com",
        "tipo": "INCIDENTE",
        "categoria": "Hardware",
        "urgencia": "high",  # the public form asks urgency in plain words (issue 17)
        "descripcion": "La impresora no imprime desde ayer.",
    }
    client = Client()
    return lambda: client.post("/crear/", body), 302


def public_lookup_form(w):
    t, client = w["ticket"], Client()
    return lambda: client.post("/consultar/", {"label": t.label, "email": t.requester_email}), 200


def mesa_crear(w):
    body = {
        "nombre": "Laura Gómez",
        "email": "laura@example.com",
        "tipo": "INCIDENTE",
        "categoria": "Correo",
        "descripcion": "No puedo entrar al correo corporativo desde ayer.",
        "prioridad": "ALTA",
    }
    client = APIClient()
    return lambda: client.post("/api/tickets/crear", body, format="json"), 200


def mesa_consultar(w):
    t = w["ticket"]
    body, client = {"label": t.label, "email": t.requester_email}, APIClient()
    return lambda: client.post("/api/tickets/consultar", body, format="json"), 200


def mesa_agent_dashboard(w):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer " + tokens_for(w["users"]["mesa"])["token"])
    return lambda: client.get("/api/tickets/dashboard"), 200


def spacebring_list(w):
    client, headers = Client(), _basic(w)
    return lambda: client.get("/support/tickets/v1", **headers), 200


def spacebring_create(w):
    body = {"ticket": {"locationRef": str(w["location"].pk), "text": "No hay internet en la sala"}}
    client, headers = Client(), _basic(w)
    return (
        lambda: client.post(
            "/support/tickets/v1", body, content_type="application/json", **headers
        ),
        201,
    )


def portal_dashboard(w):
    client = Client()
    client.force_login(w["users"]["mesa"])
    return lambda: client.get("/portal/"), 200


FACES = [
    portal_login,
    admin_login,
    mesa_login,
    public_create_form,
    public_lookup_form,
    mesa_crear,
    mesa_consultar,
    mesa_agent_dashboard,
    spacebring_list,
    spacebring_create,
    portal_dashboard,
]


@pytest.mark.parametrize("face", FACES, ids=[f.__name__ for f in FACES])
def test_every_face_serves_within_a_second_when_redis_is_down_or_hung(broken_cache, world, face):
    call, expected = face(world)
    with override_settings(CACHES=HEALTHY):
        call()  # warm up (templates, catalogs): only what Redis costs is timed below
    call, expected = face(world)  # the cache is broken again, and nobody knows yet
    started = time.monotonic()
    response = call()
    elapsed = time.monotonic() - started
    assert response.status_code == expected, response.content[:300]
    assert elapsed < BUDGET, f"{face.__name__} took {elapsed:.2f}s with a {broken_cache} Redis"


def test_a_hung_redis_is_logged_once_not_per_request(world, caplog):
    mesa_consultar(world)[0]()  # warm up with the healthy cache
    with fault("silent") as port:
        config = redis_cache_config(
            f"redis://127.0.0.1:{port}/0", prefix="b", connect_timeout=0.2, timeout=0.2
        )
        with override_settings(CACHES={"default": config}), caplog.at_level(logging.WARNING):
            started = time.monotonic()
            for _ in range(5):
                assert mesa_consultar(world)[0]().status_code == 200
            elapsed = time.monotonic() - started
    warnings = [r for r in caplog.records if r.name == "core.cache"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    # One timeout, then the cache is skipped for a few seconds: five requests, one wait
    # (0.2 s), where five waits would take at least 5 × 0.2 s.
    assert elapsed < 0.2 * 5


def test_sessions_never_depend_on_the_cache(broken_cache, world):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    client = Client()
    body = {"username": world["users"]["mesa"].email, "password": PASSWORD}
    assert client.post("/accounts/login/", body).status_code == 302
    assert client.get("/portal/").status_code == 200  # still logged in, cache or not


def test_the_cache_reports_itself_unavailable_without_waiting(broken_cache):
    started = time.monotonic()
    assert caches["default"].available() is False
    assert caches["default"].available() is False
    assert time.monotonic() - started < BUDGET


def test_readyz_reports_the_cache_failing_fast(broken_cache, db):
    started = time.monotonic()
    response = Client().get("/readyz")
    assert time.monotonic() - started < BUDGET
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"] == {"status": "fail", "error": "CacheUnavailable"}
    assert checks["database"]["status"] == "ok"


@pytest.mark.parametrize("kind", KINDS)
def test_under_gunicorn_a_lost_redis_fails_readyz_fast_and_the_site_still_answers(kind, tmp_path):
    import requests

    from tests.servers import gunicorn

    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "CELERY_BROKER_URL": ""}
    with fault(kind) as port:
        env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        with gunicorn(env, workers=1) as base:
            # Warm the worker up (templates, catalogs), then let its 5 s pause of the cache
            # pass, so each timed request below meets the broken Redis itself.
            requests.get(base + "/accounts/login/", timeout=10)
            requests.post(base + "/api/auth/login", json={}, timeout=10)
            time.sleep(RETRY_SECONDS + 0.2)
            timings = []
            for path in ["/readyz", "/readyz", "/accounts/login/", "/api/auth/login"]:
                started = time.monotonic()
                if path == "/api/auth/login":
                    response = requests.post(base + path, json={}, timeout=10)
                else:
                    response = requests.get(base + path, timeout=10)
                timings.append(time.monotonic() - started)
                if path == "/readyz":
                    assert response.status_code == 503
                    assert response.json()["checks"]["cache"]["status"] == "fail"
                else:
                    assert response.status_code in (200, 400)  # served: a page, a 400 body
    assert max(timings) < BUDGET, timings
