"""Attachment links are ``https`` (``http`` only when ``HELPDESK_ATTACHMENT_ALLOW_HTTP``):
``javascript:``, ``data:`` and the like are refused by the service, for every way in."""

import pytest
from django.test import override_settings

from tests.api.spacebring.conftest import BASE, ApiCaller, assert_error, basic_header
from tickets import services
from tickets.errors import ValidationFailed
from tickets.models import Activity, ActivityType

ATTACHMENT = {"key": "k/1.png", "mime": "image/png", "name": "1.png", "size": 10}
REFUSED = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x.png",
    "https://",
    "http://files.example.org/1.png",
]


@pytest.mark.parametrize("url", REFUSED)
def test_a_link_that_is_not_https_is_refused(ticket, mesa_user, url):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_comment(
            actor=mesa_user, ticket=ticket, text="x", attachments=[{**ATTACHMENT, "url": url}]
        )
    assert "attachments[0].url" in exc.value.errors


def test_an_https_link_is_kept(ticket, mesa_user):
    url = "https://files.example.org/1.png"
    activity = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="x", attachments=[{**ATTACHMENT, "url": url}]
    )
    assert activity.data["attachments"][0]["url"] == url


@override_settings(HELPDESK_ATTACHMENT_ALLOW_HTTP=True)
def test_http_is_allowed_only_when_the_setting_says_so(ticket, mesa_user):
    url = "http://intranet.local/1.png"
    activity = services.ticket_comment(
        actor=mesa_user, ticket=ticket, text="x", attachments=[{**ATTACHMENT, "url": url}]
    )
    assert activity.data["attachments"][0]["url"] == url
    with pytest.raises(ValidationFailed):
        services.ticket_comment(
            actor=mesa_user,
            ticket=ticket,
            text="x",
            attachments=[{**ATTACHMENT, "url": "javascript:alert(1)"}],
        )


def test_the_spacebring_comment_endpoint_answers_400(ticket, admin_user, location):
    from accounts import api_clients
    from accounts.models import Membership

    membership = Membership.objects.get(user=admin_user, location=location)
    client, secret = api_clients.issue(
        name="c", network=location.network, membership=membership, scopes="support"
    )
    api = ApiCaller(Authorization=basic_header(client.client_id, secret))
    body = {"comment": {"text": "Mire", "attachments": [{**ATTACHMENT, "url": "javascript:x"}]}}
    response = api.post(f"{BASE}/{ticket.pk}/comments", body)
    assert_error(response, 400, "validation")
    assert "comment.attachments[0].url" in response.json()["message"]
    assert not Activity.objects.filter(ticket=ticket, type=ActivityType.COMMENT).exists()
