"""An authorization code exchanged twice: the second exchange fails (invalid_grant) and every
token of the first exchange is revoked, refreshed descendants included (RFC 6749 §4.1.2)."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from oauth2_provider.models import AccessToken, Application, RefreshToken

from tests.api.spacebring.conftest import BASE
from tests.api.spacebring.test_oauth import REDIRECT, SECRET, bearer, refresh
from tests.conftest import PASSWORD


@pytest.fixture
def application(db):
    return Application.objects.create(
        name="Integración",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=REDIRECT,
        client_secret=SECRET,
    )


def authorization_code(application, user) -> str:
    browser = Client()
    browser.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    params = {
        "response_type": "code",
        "client_id": application.client_id,
        "redirect_uri": REDIRECT,
        "scope": "support",
        "state": "s",
    }
    allowed = browser.post("/oauth2/authorize/", {**params, "allow": "Authorize"})
    return parse_qs(urlparse(allowed["Location"]).query)["code"][0]


def exchange(application, code: str):
    return Client().post(
        "/oauth2/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": application.client_id,
            "client_secret": SECRET,
        },
    )


def test_a_replayed_code_revokes_the_tokens_of_the_first_exchange(
    application, mesa_user, network, ticket
):
    code = authorization_code(application, mesa_user)
    first = exchange(application, code)
    assert first.status_code == 200
    tokens = first.json()
    assert bearer(tokens["access_token"], network).get(BASE).status_code == 200
    refreshed = refresh(application, tokens["refresh_token"])  # a descendant of the first pair

    replay = exchange(application, code)

    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    assert bearer(tokens["access_token"], network).get(BASE).status_code == 401
    assert bearer(refreshed["access_token"], network).get(BASE).status_code == 401
    assert not AccessToken.objects.filter(user=mesa_user).exists()
    assert not RefreshToken.objects.filter(user=mesa_user, revoked__isnull=True).exists()


def test_an_unknown_code_revokes_nothing(application, mesa_user, network, ticket):
    tokens = exchange(application, authorization_code(application, mesa_user)).json()
    refused = exchange(application, "not-a-code")
    assert refused.status_code == 400
    assert "access_token" not in refused.json()
    listed = bearer(tokens["access_token"], network).get(BASE)
    assert listed.status_code == 200
    assert str(ticket.pk) in [t["id"] for t in listed.json()["tickets"]]


def test_used_codes_and_expired_jwts_are_purged_daily(application, mesa_user):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import UsedAuthorizationCode
    from accounts.tasks import purge_expired_credentials

    exchange(application, authorization_code(application, mesa_user))
    UsedAuthorizationCode.objects.update(created_at=timezone.now() - timedelta(days=40))
    purge_expired_credentials()
    assert not UsedAuthorizationCode.objects.exists()
