"""A Redis that accepts connections and never answers (a hung or overloaded broker and cache),
under gunicorn with the production dispatch: every way in that creates or updates answers
its success within 2 s and writes exactly once, logins and lists answer within a second, and
the e-mail waiting in the outbox goes out exactly once after Redis is back — the next change
publishes again, and beat's sweep (``mail.sweep_outbox``) queues what was left behind.

Redis is the real one (``REDIS_URL``) behind a proxy the test switches to silent
(``tests/faults/servers.py``); the worker and the SMTP sink are real (``tests/worker.py``).
"""

import base64
import os
import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from django.utils import timezone

from accounts import api_clients
from accounts.models import Membership
from mail.models import Delivery
from mail.tasks import sweep_outbox
from tests.api.mesa.test_crear import VALID as MESA_BODY
from tests.conftest import PASSWORD
from tests.faults.servers import Proxy
from tests.mail.helpers import raw_message
from tests.mail.test_worker_delivery import _wait
from tests.servers import gunicorn
from tests.worker import _database_url
from tickets.models import Activity, ActivityType, Ticket

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PER_WAY = 20
CREATE_BUDGET = 2.0  # seconds, each answer, Redis silent
READ_BUDGET = 1.0  # seconds, each login or list, Redis silent
INBOUND_SECRET = "inbound-secret-for-the-silent-broker"  # noqa: S105
PUBLIC_BODY = {
    "nombre": "Laura Gómez",
    "email": "laura@example.com",
    "tipo": "INCIDENTE",
    "categoria": "Hardware",
    "urgencia": "high",
    "descripcion": "La impresora no imprime desde ayer.",
}


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture
def desk(location, priorities, area_mesa, area_a, mesa_user, make_ticket):
    membership = Membership.objects.get(user=mesa_user, location=location)
    client, secret = api_clients.issue(
        name="silent broker", network=location.network, membership=membership, scopes="support"
    )
    basic = base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
    to_update = [make_ticket(requester_email=f"r{i}@example.com") for i in range(PER_WAY)]
    return {"basic": f"Basic {basic}", "to_update": to_update, "location": location}


@pytest.fixture
def silent_redis(celery_worker):
    """gunicorn (2 workers, production dispatch through the broker) whose Redis — cache and
    broker — is the real one behind a proxy, silent when the test starts. Yields
    ``(base_url, proxy)``."""
    real = urlsplit(os.environ["REDIS_URL"])
    with Proxy(real.hostname or "127.0.0.1", real.port or 6379) as proxy:
        env = {
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": f"redis://127.0.0.1:{proxy.port}{real.path or '/0'}",
            "CELERY_TASK_DEFAULT_QUEUE": celery_worker.queue,  # the test's worker takes it
            "HELPDESK_INBOUND_SECRET": INBOUND_SECRET,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "CSRF_COOKIE_SECURE": "0",  # plain HTTP on loopback
            "SESSION_COOKIE_SECURE": "0",
        }
        with gunicorn(env, workers=2) as base:
            requests.get(base + "/crear/", timeout=10)  # load the app in a worker
            requests.get(base + "/crear/", timeout=10)
            proxy.silent()
            yield base, proxy


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _mesa_token(base) -> str:
    body = {"email": "mesa@example.com", "password": PASSWORD}
    return requests.post(base + "/api/auth/login", json=body, timeout=10).json()["token"]


def test_twenty_creates_through_each_way_in_answer_fast_and_write_once(
    silent_redis, desk, smtp_sink
):
    base, proxy = silent_redis
    # The tickets to update were opened before Redis fell silent: their mail has gone out.
    assert _wait(lambda: not Delivery.objects.exclude(status=Delivery.Status.SENT).exists())
    smtp_sink.clear()
    earlier = set(Delivery.objects.values_list("pk", flat=True))
    timings: dict[str, list[float]] = {}
    before = Ticket.objects.count()
    browser = requests.Session()
    token = _csrf(browser.get(base + "/crear/", timeout=10).text)
    mesa = {"Authorization": "Bearer " + _mesa_token(base)}

    def way(name, call, expected):
        for i in range(PER_WAY):
            response, elapsed = _timed(lambda i=i: call(i))
            assert response.status_code == expected, (name, i, response.text[:300])
            timings.setdefault(name, []).append(elapsed)

    way(
        "mesa crear",
        lambda i: requests.post(
            base + "/api/tickets/crear", json={**MESA_BODY, "email": f"m{i}@e.co"}, timeout=30
        ),
        200,
    )
    way(
        "public /crear/",
        lambda i: browser.post(
            base + "/crear/",
            data={**PUBLIC_BODY, "email": f"p{i}@e.co", "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=30,
        ),
        302,
    )
    way(
        "spacebring create",
        lambda i: requests.post(
            base + "/support/tickets/v1",
            json={"ticket": {"locationRef": str(desk["location"].pk), "text": f"Sin red {i}"}},
            headers={"Authorization": desk["basic"]},
            timeout=30,
        ),
        201,
    )
    way(
        "inbound e-mail",
        lambda i: requests.post(
            base + "/inbound/email",
            data=raw_message(sender=f"Laura <e{i}@example.com>", subject=f"Sin red {i}"),
            headers={
                "Content-Type": "message/rfc822",
                "X-Helpdesk-Inbound-Secret": INBOUND_SECRET,
            },
            timeout=30,
        ),
        200,
    )
    way(
        "mesa actualizar",
        lambda i: requests.post(
            f"{base}/api/tickets/{desk['to_update'][i].pk}/actualizar",
            json={
                "estado": "EN_PROCESO",
                "prioridad": "ALTA",
                "area": "TECNOLOGIA",
                "respuesta": f"Estamos revisando su caso ({i}).",
            },
            headers=mesa,
            timeout=30,
        ),
        200,
    )

    slowest = {name: round(max(t), 2) for name, t in timings.items()}
    assert all(t < CREATE_BUDGET for t in slowest.values()), slowest
    # Exactly one ticket per create, one status change per update.
    assert Ticket.objects.count() == before + 4 * PER_WAY
    for prefix in ("m", "p", "e"):
        for i in range(PER_WAY):
            assert Ticket.objects.filter(requester_email=f"{prefix}{i}@e.co").count() <= 1
    assert Ticket.objects.filter(requester_email__regex=r"^m\d+@e\.co$").count() == PER_WAY
    assert Ticket.objects.filter(requester_email__regex=r"^p\d+@e\.co$").count() == PER_WAY
    for ticket in desk["to_update"]:
        changes = Activity.objects.filter(ticket=ticket, type=ActivityType.STATUS_UPDATED)
        assert changes.count() == 1
    # Nothing reached the broker: every e-mail of those changes waits in the outbox.
    waiting = Delivery.objects.exclude(pk__in=earlier)
    assert waiting.count() >= 5 * PER_WAY
    assert set(waiting.values_list("status", flat=True)) == {Delivery.Status.PENDING}
    assert smtp_sink.received() == []

    # Redis is back: the next change publishes again (once the pause after the failure is
    # over), and its e-mail goes out through the worker without waiting for the sweep.
    proxy.up()
    time.sleep(6)
    response = requests.post(
        base + "/api/tickets/crear", json={**MESA_BODY, "email": "back@e.co"}, timeout=30
    )
    assert response.status_code == 200
    assert _wait(lambda: any(m["To"] == "back@e.co" for m in smtp_sink.received()))

    # A minute later beat's sweep queues everything left behind; each goes out once.
    Delivery.objects.filter(status=Delivery.Status.PENDING).update(
        next_attempt_at=timezone.now() - timedelta(seconds=61)
    )
    sweep_outbox.apply_async()
    total = Delivery.objects.exclude(pk__in=earlier).count()
    assert _wait(lambda: not Delivery.objects.exclude(status="sent").exists(), timeout=90)
    time.sleep(2)  # every copy and retry has had its turn
    received = smtp_sink.received()
    assert len(received) == total
    assert len({m["Message-ID"] for m in received}) == total


def _logins_and_lists(base, desk) -> dict[str, float]:
    """One agent's morning, each step timed: portal login and dashboard, Mesa login and
    dashboard, the Spacebring list."""
    timings = {}

    def timed(name, call, expected):
        response, timings[name] = _timed(call)
        assert response.status_code == expected, (name, response.text[:300])

    portal = requests.Session()
    token = _csrf(portal.get(base + "/accounts/login/", timeout=10).text)
    credentials = {"username": "mesa@example.com", "password": PASSWORD}
    timed(
        "portal login",
        lambda: portal.post(
            base + "/accounts/login/",
            data={**credentials, "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=30,
        ),
        302,
    )
    timed("portal dashboard", lambda: portal.get(base + "/portal/", timeout=30), 200)
    login = {"email": "mesa@example.com", "password": PASSWORD}
    timed(
        "mesa login", lambda: requests.post(base + "/api/auth/login", json=login, timeout=30), 200
    )
    mesa = {"Authorization": "Bearer " + _mesa_token(base)}
    timed(
        "mesa dashboard",
        lambda: requests.get(base + "/api/tickets/dashboard", headers=mesa, timeout=30),
        200,
    )
    timed(
        "spacebring list",
        lambda: requests.get(
            base + "/support/tickets/v1", headers={"Authorization": desk["basic"]}, timeout=30
        ),
        200,
    )
    return timings


def test_logins_and_lists_answer_within_a_second(silent_redis, desk):
    base, _proxy = silent_redis
    slowest: dict[str, float] = {}
    for _round in range(3):
        for name, elapsed in _logins_and_lists(base, desk).items():
            slowest[name] = round(max(elapsed, slowest.get(name, 0.0)), 2)
        time.sleep(5.5)  # past the pause after a failure: each process meets Redis again
    assert max(slowest.values()) < READ_BUDGET, slowest
