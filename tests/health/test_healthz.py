"""GET /healthz: the process answers, touching neither the database nor the session."""

import pytest


def test_healthz_answers_ok_without_any_query(client):
    # No ``db`` fixture: pytest-django raises on any database access, so this fails if the
    # endpoint (or a middleware before it) touches the database.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_sets_no_cookie_and_is_never_throttled(client):
    for _ in range(200):
        response = client.get("/healthz")
        assert response.status_code == 200
    assert not response.cookies


@pytest.mark.parametrize("host", ["10.0.0.7", "unknown.example"])
def test_healthz_answers_a_probe_that_sends_an_ip_or_unknown_host(client, settings, host):
    settings.ALLOWED_HOSTS = ["helpdesk.example.org"]
    response = client.get("/healthz", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_refuses_writes(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
