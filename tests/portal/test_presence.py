"""The ticket page's presence poll: who else has the ticket open, with no SQL and at most
one round trip to the store; a bad token is refused; a store that fails degrades."""

import re

import pytest
import redis
from django.urls import reverse

from portal import presence
from tests.servers import free_port

pytestmark = pytest.mark.django_db


def _token(client, ticket) -> str:
    page = client.get(reverse("portal:ticket", args=[ticket.pk])).content.decode()
    return re.search(r'data-token="([^"]+)"', page).group(1)


def _poll(client, ticket, token, state="viewing"):
    return client.post(
        reverse("portal:presence", args=[ticket.pk]), {"token": token, "state": state}
    )


def test_an_agent_sees_who_else_has_the_ticket_open_and_who_types(client_for, ticket):
    mesa, area = client_for("mesa"), client_for("area_own")
    mesa_token, area_token = _token(mesa, ticket), _token(area, ticket)
    assert _poll(mesa, ticket, mesa_token).json() == {"others": []}
    others = _poll(area, ticket, area_token, "typing").json()["others"]
    assert others == [{"name": "Mesa Test", "state": "viewing"}]
    assert _poll(mesa, ticket, mesa_token).json()["others"] == [
        {"name": "Tec Test", "state": "typing"}
    ]


def test_the_poll_runs_no_sql_even_for_a_logged_in_agent(
    client_for, ticket, django_assert_num_queries
):
    mesa = client_for("mesa")
    token = _token(mesa, ticket)
    with django_assert_num_queries(0):
        response = _poll(mesa, ticket, token)
    assert response.status_code == 200


def test_a_token_for_another_ticket_or_a_forged_one_is_refused(client_for, make_ticket):
    mesa = client_for("mesa")
    first, second = make_ticket(), make_ticket()
    token = _token(mesa, first)
    for ticket, bad in ((second, token), (first, token[:-2] + "xx"), (first, "")):
        response = _poll(mesa, ticket, bad)
        assert response.status_code == 403
        assert b"others" not in response.content  # nobody's presence is read out


def test_an_agent_of_another_area_gets_no_token(client_for, ticket):
    response = client_for("area_other").get(reverse("portal:ticket", args=[ticket.pk]))
    assert response.status_code == 403
    assert "data-token" not in response.content.decode()


def test_entries_older_than_the_ttl_are_gone(client_for, ticket, settings):
    mesa, area = client_for("mesa"), client_for("area_own")
    mesa_token, area_token = _token(mesa, ticket), _token(area, ticket)
    _poll(mesa, ticket, mesa_token)
    settings.HELPDESK_PRESENCE_TTL_SECONDS = -1
    assert _poll(area, ticket, area_token).json()["others"] == []


def _redis_url() -> str | None:
    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return None
    return url


def test_with_redis_one_poll_is_one_round_trip(client_for, ticket, settings, monkeypatch):
    url = _redis_url()
    if url is None:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.REDIS_URL = url
    mesa, area = client_for("mesa"), client_for("area_own")
    mesa_token, area_token = _token(mesa, ticket), _token(area, ticket)
    _poll(mesa, ticket, mesa_token)
    trips = []
    real_execute = redis.client.Pipeline.execute
    real_command = redis.Redis.execute_command
    monkeypatch.setattr(
        redis.client.Pipeline,
        "execute",
        lambda self, *a, **k: trips.append("pipe") or real_execute(self, *a, **k),
    )
    monkeypatch.setattr(
        redis.Redis,
        "execute_command",
        lambda self, *a, **k: trips.append("cmd") or real_command(self, *a, **k),
    )
    others = _poll(area, ticket, area_token).json()["others"]
    assert others == [{"name": "Mesa Test", "state": "viewing"}]
    assert trips == ["pipe"]


def test_with_redis_down_the_poll_answers_nobody_else(client_for, ticket, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    mesa = client_for("mesa")
    token = _token(mesa, ticket)
    response = _poll(mesa, ticket, token)
    assert response.status_code == 200
    assert response.json() == {"others": []}
    presence._store = None
