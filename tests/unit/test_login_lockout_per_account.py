"""Failed logins count per (address, account), under a higher ceiling per address: one person
mistyping or one account being guessed never locks out the other agents behind the same
address, on the portal and admin forms and on the Mesa login alike."""

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

FORMS = ["/accounts/login/", "/admin/login/"]
ADDR = "198.51.100.40"


@pytest.mark.parametrize("url", FORMS)
def test_ten_failures_on_one_account_leave_the_other_agents_able_to_log_in(users, url):
    guessed = users["mesa"]
    for _ in range(10):
        wrong = {"username": guessed.email, "password": "wrong-password"}
        assert Client().post(url, wrong, REMOTE_ADDR=ADDR).status_code == 200
    right = {"username": guessed.email, "password": PASSWORD}
    waiting = Client()
    assert waiting.post(url, right, REMOTE_ADDR=ADDR).status_code == 429  # that account waits
    assert "_auth_user_id" not in waiting.session
    for role in ["admin", "area_own", "area_other"]:
        body = {"username": users[role].email, "password": PASSWORD}
        client = Client()
        assert client.post(url, body, REMOTE_ADDR=ADDR).status_code == 302
        assert client.session["_auth_user_id"] == str(users[role].pk)


@override_settings(HELPDESK_THROTTLE={"login": (3, 300), "login-address": (5, 300)})
def test_the_address_ceiling_stops_guessing_across_accounts(users):
    codes = []
    for i in range(6):
        wrong = {"username": f"guess{i}@example.com", "password": "nope"}
        codes.append(Client().post("/accounts/login/", wrong, REMOTE_ADDR=ADDR).status_code)
    assert codes == [200] * 5 + [429]
    right = {"username": users["admin"].email, "password": PASSWORD}
    assert Client().post("/accounts/login/", right, REMOTE_ADDR=ADDR).status_code == 429
    assert Client().post("/accounts/login/", right, REMOTE_ADDR="198.51.100.41").status_code == 302


@override_settings(HELPDESK_THROTTLE={"login": (3, 300)})
def test_mesa_login_counts_failures_per_account_too(users):
    def login(user, password):
        body = {"email": user.email, "password": password}
        return APIClient().post("/api/auth/login", body, format="json", REMOTE_ADDR=ADDR)

    assert [login(users["mesa"], "nope").status_code for _ in range(3)] == [401] * 3
    locked = login(users["mesa"], PASSWORD)
    assert locked.status_code == 429 and locked["Retry-After"] == "300"
    assert login(users["admin"], PASSWORD).status_code == 200
