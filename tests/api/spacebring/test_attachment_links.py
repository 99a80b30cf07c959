"""An attachment's link is always the server's own download URL: a ``url`` a client sends
(``javascript:…``, ``data:…``) is never stored nor shown back (audit, issue 15 item 8)."""

import pytest
from django.test import Client

from tests import files
from tests.api.spacebring.conftest import BASE, assert_error

UPLOAD = f"{BASE}/attachments"


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>"]
)
def test_a_client_url_is_ignored_and_the_download_url_shown(admin_api, ticket, url):
    key = (
        Client()
        .post(UPLOAD, {"file": files.pdf()}, headers=admin_api.headers)
        .json()["attachment"]["key"]
    )
    body = {"comment": {"text": "Adjunto", "attachments": [{"key": key, "url": url}]}}
    response = admin_api.post(f"{BASE}/{ticket.pk}/comments", body)

    assert response.status_code == 201, response.content
    (attachment,) = response.json()["activity"]["data"]["attachments"]
    assert attachment["url"].endswith(f"{UPLOAD}/{key}")
    assert url.split(":")[0] + ":" not in response.content.decode()
    detail = admin_api.get(f"{BASE}/{ticket.pk}").content.decode()
    assert "javascript:" not in detail and "data:text" not in detail


def test_a_url_without_an_upload_is_refused(admin_api, ticket):
    body = {"comment": {"text": "Mire", "attachments": [{"key": "x", "url": "javascript:x"}]}}
    assert_error(admin_api.post(f"{BASE}/{ticket.pk}/comments", body), 400, "validation")
