"""A PostgreSQL that accepts connections and never answers (hung, overloaded, a network that
drops packets): the real server behind a proxy the test switches to silent
(``tests/faults/servers.py``), under gunicorn. ``/readyz`` answers 503 within 2 s, every face
answers 503 in its own shape with ``Retry-After`` within seconds (not gunicorn's timeout),
and all of it recovers once the server answers again."""

import time

import psycopg
import pytest
import requests
from django.db import connection

from core.db.postgresql.timeouts import BoundedConnection
from tests.faults.servers import Proxy
from tests.servers import gunicorn

pytestmark = pytest.mark.django_db(transaction=True)

READY_BUDGET = 2.0  # seconds: /readyz
FACE_BUDGET = 5.0  # seconds: the health check of the kept connection, then a reconnect (2 + 2)


@pytest.fixture
def database():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): the fault is PostgreSQL's")
    s = connection.settings_dict
    return {"host": s["HOST"] or "127.0.0.1", "port": int(s["PORT"] or 5432), "settings": s}


def _url(database, port: int) -> str:
    s = database["settings"]
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@127.0.0.1:{port}/{s['NAME']}"


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _faces(base: str) -> dict:
    """One request per face; each touches the database."""
    return {
        "readyz": lambda: requests.get(base + "/readyz", timeout=30),
        "page": lambda: requests.get(base + "/crear/", timeout=30),  # reads priorities
        "mesa": lambda: requests.post(
            base + "/api/tickets/consultar",
            json={"label": "TKT-1", "email": "laura@example.com"},
            timeout=30,
        ),
        "spacebring": lambda: requests.get(
            base + "/support/tickets/v1", headers={"Authorization": "Basic eDp5"}, timeout=30
        ),
        "oauth": lambda: requests.post(
            base + "/oauth2/token",
            data={"grant_type": "authorization_code", "code": "x", "client_id": "y"},
            timeout=30,
        ),
    }


def test_a_silent_database_is_a_fast_503_on_every_face_and_recovers(database):
    proxy = Proxy(database["host"], database["port"])
    env = {"DATABASE_URL": _url(database, proxy.port), "REDIS_URL": ""}
    with proxy, gunicorn(env) as base:
        faces = _faces(base)
        healthy = {name: call() for name, call in faces.items()}  # connections are kept
        assert healthy["readyz"].status_code == 200
        assert healthy["page"].status_code == 200

        proxy.silent()
        answers = {name: _timed(call) for name, call in faces.items()}
        ready_again = _timed(faces["readyz"])

        proxy.up()
        time.sleep(0.5)
        recovered = {name: faces[name]() for name in ("readyz", "page")}

    timings = {name: round(elapsed, 2) for name, (_r, elapsed) in answers.items()}
    ready, elapsed = answers["readyz"]
    assert ready.status_code == 503 and elapsed < READY_BUDGET, timings
    assert ready.json()["checks"]["database"] == {"status": "fail", "error": "OperationalError"}
    assert ready_again[0].status_code == 503 and ready_again[1] < READY_BUDGET
    assert max(timings.values()) < FACE_BUDGET, timings
    for name in ("page", "mesa", "spacebring", "oauth"):
        response = answers[name][0]
        assert response.status_code == 503, (name, response.text[:300])
        assert response.headers["Retry-After"] == "30", name
    assert "<html" in answers["page"][0].text
    assert set(answers["mesa"][0].json()) == {"message"}
    assert answers["spacebring"][0].json()["type"] == "unavailable"
    assert answers["oauth"][0].json()["error"] == "temporarily_unavailable"
    assert recovered["readyz"].status_code == 200
    assert recovered["page"].status_code == 200


def test_a_query_the_server_never_answers_gives_up_and_closes_the_connection(database):
    """The bound on one query (a statement already running when the server hung): an
    ``OperationalError`` after ``read_timeout``, and the connection is not reused."""
    s = database["settings"]
    with Proxy(database["host"], database["port"]) as proxy:
        conn = BoundedConnection.connect(
            host="127.0.0.1",
            port=proxy.port,
            dbname=s["NAME"],
            user=s["USER"],
            password=s["PASSWORD"] or None,
            autocommit=True,
        )
        conn.read_timeout = 0.5
        assert conn.execute("SELECT 1").fetchone() == (1,)
        proxy.silent()
        started = time.monotonic()
        with pytest.raises(psycopg.OperationalError, match="did not answer within 0.5 s"):
            conn.execute("SELECT 1")
        assert time.monotonic() - started < 1.5
        assert conn.closed


def test_connecting_to_a_server_that_never_answers_gives_up_after_the_connect_timeout(database):
    from core.db.postgresql.timeouts import connecting

    s = database["settings"]
    with Proxy(database["host"], database["port"]) as proxy:
        proxy.silent()
        started = time.monotonic()
        with connecting(0.5), pytest.raises(psycopg.OperationalError, match="within 0.5 s"):
            BoundedConnection.connect(
                host="127.0.0.1", port=proxy.port, dbname=s["NAME"], user=s["USER"]
            )
        assert time.monotonic() - started < 1.5
