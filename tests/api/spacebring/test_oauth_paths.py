"""The contract's OAuth2 paths have no trailing slash (``/oauth2/token``). They are served
as they are, never redirected: a client re-sends a redirected POST as a GET (405), so a
redirect would leave it unable to exchange a code or refresh. The slashed forms stay."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from oauth2_provider.models import AccessToken as OAuthAccessToken

from tests.api.spacebring.conftest import REDIRECT, SECRET
from tests.conftest import PASSWORD

BASE = "/support/tickets/v1"


@pytest.fixture
def http_cookies(settings):
    """The live server speaks plain HTTP: cookies must not be ``Secure`` for this client."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _authorize(base: str, app, user, *, path: str) -> str:
    """Log in and allow the application in a real browser session; return the code."""
    browser = requests.Session()
    login_page = browser.get(base + "/accounts/login/")
    browser.post(
        base + "/accounts/login/",
        data={
            "username": user.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": _csrf(login_page.text),
        },
        headers={"Referer": base + "/accounts/login/"},
    ).raise_for_status()
    params = {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": REDIRECT,
        "scope": "support",
        "state": "s1",
    }
    page = browser.get(base + path, params=params, allow_redirects=False)
    assert page.status_code == 200, page.text[:300]
    allowed = browser.post(
        base + path,
        data={**params, "allow": "Authorize", "csrfmiddlewaretoken": _csrf(page.text)},
        headers={"Referer": page.url},
        allow_redirects=False,
    )
    assert allowed.status_code == 302, allowed.text[:300]
    return parse_qs(urlparse(allowed.headers["Location"]).query)["code"][0]


@pytest.mark.parametrize("authorize_path", ["/oauth2/authorize", "/oauth2/authorize/"])
def test_token_and_refresh_at_the_contract_paths_without_a_slash(
    transactional_db,
    live_server,
    http_cookies,
    application,
    mesa_user,
    network,
    authorize_path,
):
    base = live_server.url
    code = _authorize(base, application, mesa_user, path=authorize_path)
    client = {"client_id": application.client_id, "client_secret": SECRET}
    exchanged = requests.post(
        base + "/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, **client},
        allow_redirects=False,
    )
    assert exchanged.status_code == 200, exchanged.text
    tokens = exchanged.json()
    refreshed = requests.post(
        base + "/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], **client},
        allow_redirects=False,
    )
    assert refreshed.status_code == 200, refreshed.text
    access = refreshed.json()["access_token"]
    assert access != tokens["access_token"]
    listed = requests.get(
        base + BASE,
        headers={"Authorization": f"Bearer {access}", "spacebring-network-id": str(network.pk)},
    )
    assert listed.status_code == 200, listed.text
    revoked = requests.post(
        base + "/oauth2/revoke_token",
        data={"token": access, **client},
        allow_redirects=False,
    )
    assert revoked.status_code == 200, revoked.text
    again = requests.get(
        base + BASE,
        headers={"Authorization": f"Bearer {access}", "spacebring-network-id": str(network.pk)},
    )
    assert again.status_code == 401


@pytest.mark.parametrize(
    "path", ["/oauth2/token", "/oauth2/token/", "/oauth2/revoke_token", "/oauth2/revoke_token/"]
)
def test_oauth2_paths_answer_a_post_themselves_with_or_without_the_slash(client, db, path):
    response = client.post(path, {"grant_type": "authorization_code", "code": "nope"})
    assert response.status_code in (400, 401), response.status_code  # never 301
    if path.startswith("/oauth2/token"):
        assert response.json()["error"] in ("invalid_client", "invalid_request", "invalid_grant")
    assert not OAuthAccessToken.objects.exists()
