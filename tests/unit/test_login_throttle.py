"""Both HTML login forms stop password guessing per client IP (DESIGN: 429 on login), while
successful logins never count: a whole office behind one address can log in."""

import pytest
from django.test import Client, override_settings

from tests.conftest import PASSWORD

URLS = ["/accounts/login/", "/admin/login/"]


@pytest.mark.parametrize("url", URLS)
@override_settings(HELPDESK_THROTTLE={"login": (3, 60)})
def test_login_form_answers_429_after_the_failed_attempts_limit(mesa_user, url):
    guesser = Client()
    wrong = {"username": mesa_user.email, "password": "wrong-password"}
    codes = [guesser.post(url, wrong, REMOTE_ADDR="198.51.100.4").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Even the right password waits for the window to pass: guessing gains nothing.
    right = {"username": mesa_user.email, "password": PASSWORD}
    assert guesser.post(url, right, REMOTE_ADDR="198.51.100.4").status_code == 429
    # Another address is not affected, and the page itself still loads.
    assert Client().post(url, right, REMOTE_ADDR="198.51.100.5").status_code == 302
    assert Client().get(url, REMOTE_ADDR="198.51.100.4").status_code == 200


@pytest.mark.parametrize("url", URLS)
@override_settings(HELPDESK_THROTTLE={"login": (3, 60)})
def test_successful_logins_from_one_address_never_count(users, url):
    agents = [users["admin"], users["mesa"], users["area_own"], users["area_other"]] * 2
    for agent in agents:
        client = Client()
        response = client.post(
            url, {"username": agent.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.6"
        )
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(agent.pk)


@override_settings(HELPDESK_THROTTLE={"login": (1, 60)}, REST_FRAMEWORK={"NUM_PROXIES": 0})
def test_forged_forwarded_for_does_not_escape_the_login_throttle(client, mesa_user):
    wrong = {"username": mesa_user.email, "password": "nope"}
    first = client.post("/accounts/login/", wrong, HTTP_X_FORWARDED_FOR="10.0.0.1")
    second = client.post("/accounts/login/", wrong, HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert (first.status_code, second.status_code) == (200, 429)
    assert first.context["form"].errors and "_auth_user_id" not in client.session
