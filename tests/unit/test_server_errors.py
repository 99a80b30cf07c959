"""Failures no way in caught itself: never a stack trace, 503 when the database is down,
each face's own shape."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from tests.conftest import PASSWORD

DB_DOWN = OperationalError("could not connect to server: Connection refused")


@pytest.fixture
def raw_client():
    return Client(raise_request_exception=False)


def session_store_down():
    """Every session read fails, as it does when the database is unreachable."""
    return mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=DB_DOWN)


def _with_session(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_page_answers_503_page_when_the_database_is_down(raw_client, mesa_user):
    _with_session(raw_client, mesa_user)
    with session_store_down():
        response = raw_client.get("/portal/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "<html" in body and "Traceback" not in body and "OperationalError" not in body


def test_mesa_path_answers_its_json_shape_when_the_database_is_down(raw_client, mesa_user):
    _with_session(raw_client, mesa_user)
    with session_store_down():
        response = raw_client.get("/api/tickets/dashboard")
    assert response.status_code == 503
    assert set(response.json()) == {"message"}


def test_spacebring_path_answers_its_json_shape_when_the_database_is_down(raw_client, mesa_user):
    _with_session(raw_client, mesa_user)
    with session_store_down():
        response = raw_client.get("/support/tickets/v1")
    assert response.status_code == 503
    assert response.json()["type"] == "unavailable"
    assert set(response.json()) == {"message", "type"}


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/support/tickets/v1", "api_spacebring.views.TicketsView.initial"),
        ("/portal/", "portal.views.dashboard.DashboardView.get"),
    ],
)
def test_unexpected_bug_is_a_500_without_a_stack_trace(raw_client, admin_user, path, target):
    _with_session(raw_client, admin_user)
    with mock.patch(target, side_effect=RuntimeError("secret internals")):
        response = raw_client.get(path)
    assert response.status_code == 500
    body = response.content.decode()
    assert "secret internals" not in body and "Traceback" not in body
    if path.startswith("/support/"):
        assert response.json()["type"] == "internal"


def test_the_app_recovers_once_the_database_is_back(raw_client, mesa_user):
    _with_session(raw_client, mesa_user)
    with session_store_down():
        assert raw_client.get("/portal/").status_code == 503
    assert raw_client.get("/portal/").status_code == 200


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/portal/", "portal.views.dashboard.DashboardView.get"),
        ("/oauth2/token/", "oauth2_provider.views.TokenView.post"),
    ],
)
def test_a_value_the_database_refuses_is_a_bad_request_not_an_outage(
    raw_client, admin_user, path, target
):
    from django.db import DataError

    _with_session(raw_client, admin_user)
    with mock.patch(target, side_effect=DataError("invalid byte sequence: 0x00")):
        response = raw_client.get(path) if path == "/portal/" else raw_client.post(path, {})
    assert response.status_code == 400
    assert "Retry-After" not in response
