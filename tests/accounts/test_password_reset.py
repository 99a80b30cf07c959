"""POST /accounts/password_reset/: the mailed link is built from HELPDESK_SITE_URL whatever
``Host`` the request names, requests are throttled per client and per address, and the
answer never tells whether the address belongs to an account."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from tests.conftest import PASSWORD

URL = "/accounts/password_reset/"
SITE = "https://helpdesk.example.org"


def request_reset(email: str, *, host="evil.example", addr="198.51.100.20"):
    return Client().post(URL, {"email": email}, HTTP_HOST=host, REMOTE_ADDR=addr)


@override_settings(HELPDESK_SITE_URL=SITE)
def test_the_mailed_link_uses_the_site_url_never_the_request_host(mesa_user):
    response = request_reset(mesa_user.email, host="evil.example")

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "evil.example" not in body and "evil.example" not in mail.outbox[0].subject
    link = re.search(r"https?://\S+/accounts/reset/\S+/", body).group(0)
    assert link.startswith(f"{SITE}/accounts/reset/")
    # The link works: it opens the new-password form.
    client = Client()
    opened = client.get(link.removeprefix(SITE), follow=True)
    assert opened.status_code == 200
    assert b'name="new_password1"' in opened.content
    new = {"new_password1": "otra-clave-segura-91", "new_password2": "otra-clave-segura-91"}
    assert client.post(opened.redirect_chain[-1][0], new).status_code == 302
    mesa_user.refresh_from_db()
    assert mesa_user.check_password("otra-clave-segura-91")


@override_settings(HELPDESK_THROTTLE={"password-reset": (3, 3600)})
def test_reset_requests_are_limited_per_client(mesa_user):
    codes = [request_reset(f"nobody{i}@example.com").status_code for i in range(4)]
    assert codes == [302, 302, 302, 429]
    assert request_reset(mesa_user.email, addr="198.51.100.21").status_code == 302


@override_settings(HELPDESK_THROTTLE={"password-reset-address": (2, 3600)})
def test_reset_mails_are_limited_per_address_whoever_asks(mesa_user):
    answers = [request_reset(mesa_user.email, addr=f"198.51.100.{i}") for i in range(1, 5)]
    assert {(a.status_code, a.url) for a in answers} == {(302, "/accounts/password_reset/done/")}
    assert len(mail.outbox) == 2  # the same answer, but no more mail to that inbox


@pytest.mark.parametrize("throttled", [False, True])
def test_the_answer_never_tells_whether_the_address_exists(mesa_user, throttled):
    limits = {"password-reset-address": (0 if throttled else 5, 3600)}
    with override_settings(HELPDESK_THROTTLE=limits):
        known = request_reset(mesa_user.email)
        unknown = request_reset("nadie@example.com", addr="198.51.100.30")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert known.content == unknown.content


def test_twelve_requests_from_one_client_are_not_all_accepted(mesa_user):
    codes = [request_reset(mesa_user.email).status_code for _ in range(12)]
    assert 429 in codes
    assert len(mail.outbox) <= 3
    assert mesa_user.check_password(PASSWORD)
