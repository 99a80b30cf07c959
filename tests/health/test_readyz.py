"""GET /readyz: 200 naming each check while the database and cache answer; 503 in the same
shape when one of them does not (a real server pointed at a database that is not there)."""

import pytest
import requests

from helpdesk.version import version
from tests.servers import free_port, gunicorn


@pytest.mark.django_db
def test_readyz_names_each_check_when_all_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"] == version()
    assert set(body["checks"]) == {"database", "cache", "email"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


@pytest.mark.django_db
def test_readyz_says_when_production_e_mail_is_not_delivered_but_stays_ready(client, settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    response = client.get("/readyz")
    assert response.status_code == 200  # the desk still serves: said, not failed
    body = response.json()
    assert body["status"] == "ok"
    email = body["checks"]["email"]
    assert email["status"] == "warn" and email["error"] == "MailNotDelivered"
    assert "console" in email["detail"] and "EMAIL_HOST" in email["detail"]


def test_readyz_is_503_with_the_database_unreachable_while_healthz_stays_200():
    nowhere = f"postgres://postgres@127.0.0.1:{free_port()}/nowhere"  # nothing listens there
    with gunicorn({"DATABASE_URL": nowhere, "REDIS_URL": ""}) as base:
        ready = requests.get(base + "/readyz", timeout=10)
        alive = requests.get(base + "/healthz", timeout=10)
    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"]["status"] == "fail"
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert body["checks"]["cache"]["status"] == "ok"
    assert alive.status_code == 200
    assert alive.json() == {"status": "ok"}


def test_readyz_version_is_the_one_pyproject_declares():
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    declared = tomllib.loads(pyproject.read_text())["project"]["version"]
    assert version() == declared
