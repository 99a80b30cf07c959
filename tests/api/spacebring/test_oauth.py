"""OAuth2 authorization code + refresh (django-oauth-toolkit), then the API with a bearer
token and ``spacebring-network-id``; scopes enforced per endpoint."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from oauth2_provider.models import Application

from tests.api.spacebring.conftest import (
    BASE,
    REDIRECT,
    SECRET,
    ApiCaller,
    assert_error,
    assert_matches,
)
from tests.conftest import PASSWORD


def obtain_tokens(application, user, scope: str) -> dict:
    """The whole dance: log in, authorize (allow), exchange the code."""
    browser = Client()
    assert browser.get("/accounts/login/").status_code == 200
    login = browser.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert login.status_code == 302
    params = {
        "response_type": "code",
        "client_id": application.client_id,
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": "xyz",
    }
    assert browser.get("/oauth2/authorize/", params).status_code == 200
    allowed = browser.post("/oauth2/authorize/", {**params, "allow": "Authorize"})
    assert allowed.status_code == 302, allowed.content
    query = parse_qs(urlparse(allowed["Location"]).query)
    assert query["state"] == ["xyz"]
    token = Client().post(
        "/oauth2/token/",
        {
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": REDIRECT,
            "client_id": application.client_id,
            "client_secret": SECRET,
        },
    )
    assert token.status_code == 200, token.content
    return token.json()


def refresh(application, refresh_token: str) -> dict:
    response = Client().post(
        "/oauth2/token/",
        {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": application.client_id,
            "client_secret": SECRET,
        },
    )
    assert response.status_code == 200, response.content
    return response.json()


def bearer(token: str, network) -> ApiCaller:
    return ApiCaller(Authorization=f"Bearer {token}", **{"spacebring-network-id": str(network.pk)})


def test_full_flow_with_refresh_then_api_calls(application, mesa_user, network, ticket):
    tokens = obtain_tokens(application, mesa_user, "support")
    assert set(tokens["scope"].split()) == {"support"}
    renewed = refresh(application, tokens["refresh_token"])
    assert renewed["access_token"] != tokens["access_token"]
    api = bearer(renewed["access_token"], network)
    listed = api.get(BASE)
    assert listed.status_code == 200
    assert_matches("list", listed.json())
    changed = api.put(f"{BASE}/{ticket.pk}/status", {"ticket": {"status": "inProgress"}})
    assert changed.status_code == 200
    assert_matches("activity", changed.json())
    assert changed.json()["activity"]["membership"]["user"]["id"] == str(mesa_user.pk)


@pytest.fixture
def readonly_api(application, mesa_user, network):
    tokens = obtain_tokens(application, mesa_user, "support.readonly")
    return bearer(tokens["access_token"], network)


@pytest.mark.parametrize("path", ["", "/{id}"])
def test_readonly_token_may_read(readonly_api, ticket, path):
    response = readonly_api.get(BASE + path.format(id=ticket.pk))
    assert response.status_code == 200
    body = response.json()
    assert str(ticket.pk) in (
        [t["id"] for t in body["tickets"]] if path == "" else [body["ticket"]["id"]]
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "", {"ticket": {"locationRef": "{loc}", "text": "x"}}),
        ("put", "/{id}/status", {"ticket": {"status": "closed"}}),
        ("put", "/{id}/assignee", {"ticket": {"membershipRefAssignee": None}}),
        ("post", "/{id}/comments", {"comment": {"text": "x"}}),
    ],
)
def test_readonly_token_is_refused_on_every_write(readonly_api, ticket, method, path, body):
    if "ticket" in body and "locationRef" in body["ticket"]:
        body["ticket"]["locationRef"] = str(ticket.location_id)
    response = getattr(readonly_api, method)(BASE + path.format(id=ticket.pk), body)
    assert_error(response, 403, "forbidden")


def test_bearer_without_network_header_is_400(application, mesa_user, db):
    token = obtain_tokens(application, mesa_user, "support")["access_token"]
    response = ApiCaller(Authorization=f"Bearer {token}").get(BASE)
    assert "spacebring-network-id" in assert_error(response, 400, "validation")["message"]


@pytest.mark.parametrize("header", ["", "  ", "not-a-uuid"])
def test_bearer_with_an_empty_or_malformed_network_header_is_400(application, mesa_user, header):
    token = obtain_tokens(application, mesa_user, "support")["access_token"]
    api = ApiCaller(Authorization=f"Bearer {token}", **{"spacebring-network-id": header})
    assert "spacebring-network-id" in assert_error(api.get(BASE), 400, "validation")["message"]


@pytest.mark.parametrize("header", ["00000000-0000-0000-0000-000000000000", "other"])
def test_bearer_with_foreign_or_unknown_network_is_403(
    application, mesa_user, other_network, header
):
    token = obtain_tokens(application, mesa_user, "support")["access_token"]
    value = str(other_network.pk) if header == "other" else header
    api = ApiCaller(Authorization=f"Bearer {token}", **{"spacebring-network-id": value})
    assert_error(api.get(BASE), 403, "forbidden")


def test_invalid_bearer_token_is_401(network, db):
    assert_error(bearer("not-a-token", network).get(BASE), 401, "unauthorized")


@pytest.mark.parametrize(
    "path",
    ["/oauth2/applications/", "/oauth2/applications/register/", "/oauth2/authorized_tokens/"],
)
def test_oauth_self_service_pages_are_not_served(client, requester, path):
    assert client.login(username=requester.email, password=PASSWORD)
    assert client.get(path).status_code == 404
    assert Application.objects.count() == 0


def test_token_without_a_user_is_refused_with_401(db, network):
    app = Application.objects.create(
        name="Máquina",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=SECRET,
    )
    response = Client().post(
        "/oauth2/token/",
        {
            "grant_type": "client_credentials",
            "client_id": app.client_id,
            "client_secret": SECRET,
            "scope": "support",
        },
    )
    assert response.status_code == 200, response.content
    token = response.json()["access_token"]
    refused = bearer(token, network).get(BASE)
    assert assert_error(refused, 401, "unauthorized")["message"] == "Invalid or expired token."
    assert refused["WWW-Authenticate"] == 'Bearer realm="support", error="invalid_token"'


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_invalid_bearer_token_says_so_with_the_rfc6750_challenge(network, db, scheme):
    api = ApiCaller(
        Authorization=f"{scheme} not-a-token", **{"spacebring-network-id": str(network.pk)}
    )
    response = api.get(BASE)
    body = assert_error(response, 401, "unauthorized")
    assert body["message"] == "Invalid or expired token."
    assert response["WWW-Authenticate"] == 'Bearer realm="support", error="invalid_token"'


def test_expired_bearer_token_is_invalid_or_expired(application, mesa_user, network):
    from datetime import timedelta

    from django.utils import timezone
    from oauth2_provider.models import AccessToken

    token = obtain_tokens(application, mesa_user, "support")["access_token"]
    AccessToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    response = bearer(token, network).get(BASE)
    assert assert_error(response, 401)["message"] == "Invalid or expired token."
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_no_credentials_keeps_the_basic_challenge_and_names_bearer(db):
    response = ApiCaller().get(BASE)
    body = assert_error(response, 401, "unauthorized")
    assert body["message"] == "Authentication credentials were not provided."
    assert response["WWW-Authenticate"] == 'Basic realm="support", Bearer realm="support"'


@pytest.mark.parametrize("path", ["/oauth2/token", "/oauth2/token/"])
def test_a_wrong_client_secret_sent_with_basic_gets_a_basic_challenge(application, mesa_user, path):
    from tests.api.spacebring.conftest import basic_header

    tokens = obtain_tokens(application, mesa_user, "support")
    body = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    refused = Client().post(
        path, body, HTTP_AUTHORIZATION=basic_header(application.client_id, "wrong")
    )
    assert refused.status_code == 401
    assert refused.json() == {"error": "invalid_client"}
    # RFC 6749 §5.2: the challenge matches the scheme the client used.
    challenge = refused["WWW-Authenticate"]
    assert challenge.startswith('Basic realm="oauth2"') and "Bearer" not in challenge
    # Nothing was spent: the right secret still refreshes with the same token.
    granted = Client().post(
        path, body, HTTP_AUTHORIZATION=basic_header(application.client_id, SECRET)
    )
    assert granted.status_code == 200, granted.content
    assert "Bearer" not in granted.get("WWW-Authenticate", "")


def test_a_wrong_client_secret_in_the_body_is_refused_without_a_basic_challenge(application, db):
    body = {
        "grant_type": "refresh_token",
        "refresh_token": "x",
        "client_id": application.client_id,
        "client_secret": "wrong",
    }
    refused = Client().post("/oauth2/token", body)
    assert refused.status_code == 401
    assert refused.json() == {"error": "invalid_client"}
    assert not refused["WWW-Authenticate"].startswith("Basic")
