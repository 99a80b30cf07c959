"""Both HTML login forms are throttled per client IP (DESIGN: 429 on login)."""

import pytest
from django.test import Client, override_settings

from tests.conftest import PASSWORD


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
@override_settings(HELPDESK_THROTTLE={"login": (3, 60)})
def test_login_form_answers_429_after_the_limit(client, mesa_user, url):
    wrong = {"username": mesa_user.email, "password": "wrong-password"}
    codes = [client.post(url, wrong, REMOTE_ADDR="198.51.100.4").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Even the right password waits for the window to pass: guessing gains nothing.
    right = {"username": mesa_user.email, "password": PASSWORD}
    assert client.post(url, right, REMOTE_ADDR="198.51.100.4").status_code == 429
    # Another client is not affected, and the page itself still loads.
    assert client.post(url, right, REMOTE_ADDR="198.51.100.5").status_code == 302
    assert Client().get(url, REMOTE_ADDR="198.51.100.4").status_code == 200


@override_settings(HELPDESK_THROTTLE={"login": (1, 60)}, REST_FRAMEWORK={"NUM_PROXIES": 0})
def test_forged_forwarded_for_does_not_escape_the_login_throttle(client, mesa_user):
    wrong = {"username": mesa_user.email, "password": "nope"}
    first = client.post("/accounts/login/", wrong, HTTP_X_FORWARDED_FOR="10.0.0.1")
    second = client.post("/accounts/login/", wrong, HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert (first.status_code, second.status_code) == (200, 429)
