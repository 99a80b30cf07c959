"""HTTP Basic with API-client credentials issued in the admin."""

import base64
import re

import pytest
from django.test import Client

from accounts import api_clients
from accounts.models import ApiClient
from tests.api.spacebring.conftest import (
    BASE,
    ApiCaller,
    assert_error,
    assert_matches,
    basic_header,
)
from tickets.models import Ticket


def test_good_credentials_are_accepted_and_last_use_recorded(issue_client, admin_user, ticket):
    client, secret = issue_client(admin_user)
    response = ApiCaller(Authorization=basic_header(client.client_id, secret)).get(BASE)
    assert response.status_code == 200
    client.refresh_from_db()
    assert client.last_used_at is not None


def test_secret_is_stored_only_as_sha256_digest(issue_client, admin_user):
    client, secret = issue_client(admin_user)
    assert secret not in client.secret_digest
    assert client.secret_digest == api_clients.digest(secret)
    assert len(client.secret_digest) == 64


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "wrong-secret",
        "unknown-client",
        "Basic !!!notbase64",
        "Basic " + base64.b64encode(b"no-colon").decode(),
        "Token abc",
    ],
)
def test_missing_or_bad_credentials_are_401(issue_client, admin_user, authorization):
    client, secret = issue_client(admin_user)
    headers = {}
    if authorization == "wrong-secret":
        headers["Authorization"] = basic_header(client.client_id, secret + "x")
    elif authorization == "unknown-client":
        headers["Authorization"] = basic_header("sb_unknown", secret)
    elif authorization:
        headers["Authorization"] = authorization
    response = Client().get(BASE, headers=headers)
    assert_error(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Basic")


def test_revoked_client_is_401(issue_client, admin_user):
    client, secret = issue_client(admin_user)
    api_clients.revoke(client)
    response = ApiCaller(Authorization=basic_header(client.client_id, secret)).get(BASE)
    assert_error(response, 401, "unauthorized")


def test_client_of_blocked_user_is_401(issue_client, admin_user):
    client, secret = issue_client(admin_user)
    admin_user.is_active = False
    admin_user.save()
    response = ApiCaller(Authorization=basic_header(client.client_id, secret)).get(BASE)
    assert_error(response, 401, "unauthorized")


def test_client_of_another_network_gets_404_on_its_tickets(
    issue_client, make_ticket, other_location, location
):
    from accounts.models import Membership, Role, User

    outsider = User.objects.create_user("otro@example.com", "x", role=Role.MESA)
    Membership.objects.create(user=outsider, location=other_location)
    client, secret = issue_client(outsider)
    ticket = make_ticket(location=location)
    api = ApiCaller(Authorization=basic_header(client.client_id, secret))
    assert_error(api.get(f"{BASE}/{ticket.pk}"), 404, "notFound")
    assert_error(api.put(f"{BASE}/{ticket.pk}/status", {"ticket": {"status": "new"}}), 404)
    assert api.get(BASE).json() == {"tickets": []}


def test_network_header_naming_another_network_is_403(issue_client, admin_user, other_network):
    client, secret = issue_client(admin_user)
    api = ApiCaller(
        Authorization=basic_header(client.client_id, secret),
        **{"spacebring-network-id": str(other_network.pk)},
    )
    assert_error(api.get(BASE), 403, "forbidden")


def test_admin_issues_client_and_shows_secret_once(admin_user, location):
    from accounts.models import Membership

    browser = Client()
    browser.force_login(admin_user)
    membership = Membership.objects.get(user=admin_user)
    response = browser.post(
        "/admin/accounts/apiclient/add/",
        {
            "name": "Integración",
            "network": str(location.network_id),
            "membership": str(membership.pk),
            "scopes": "support",
            "is_active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    client = ApiClient.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    assert any(client.client_id in m for m in shown)
    message = next(m for m in shown if client.client_id in m)
    secret = re.search(r"[A-Za-z0-9_-]{43}", message).group()
    assert api_clients.authenticate(client.client_id, secret) == client
    again = browser.get(f"/admin/accounts/apiclient/{client.pk}/change/")
    assert secret not in again.content.decode()


@pytest.mark.parametrize("header", ["", "  ", "not-a-uuid"])
def test_an_empty_or_malformed_network_header_with_basic_is_400_and_writes_nothing(
    issue_client, admin_user, location, header
):
    client, secret = issue_client(admin_user)
    api = ApiCaller(
        Authorization=basic_header(client.client_id, secret),
        **{"spacebring-network-id": header},
    )
    body = {"ticket": {"locationRef": str(location.pk), "text": "La puerta no cierra."}}
    error = assert_error(api.post(BASE, body), 400, "validation")
    assert "spacebring-network-id" in error["message"]
    assert not Ticket.objects.exists()
    assert_error(api.get(BASE), 400, "validation")


def test_the_clients_own_network_in_the_header_is_accepted(issue_client, admin_user, network):
    client, secret = issue_client(admin_user)
    api = ApiCaller(
        Authorization=basic_header(client.client_id, secret),
        **{"spacebring-network-id": f" {str(network.pk).upper()} "},
    )
    response = api.get(BASE)
    assert response.status_code == 200
    assert_matches("list", response.json())
