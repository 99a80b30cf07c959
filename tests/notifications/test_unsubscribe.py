"""The notification digest's one-click unsubscribe (issue 27 item 16, RFC 8058): the digest
says it is automatic mail and carries ``List-Unsubscribe`` + ``List-Unsubscribe-Post``; a
POST of ``List-Unsubscribe=One-Click`` to that address, with no session, stops the digests
(the bell still shows everything); a GET only asks; a forged token is a 404."""

import pytest
from django.core import mail
from django.test import Client

from notifications import tasks, unsubscribe
from notifications.models import EmailState, Notification, Preference
from tickets import services

pytestmark = pytest.mark.django_db


def _notify(users, ticket, text="¿lo revisas?"):
    services.ticket_comment(
        actor=users["mesa"], ticket=ticket, text=f"@{users['area_own'].email} {text}", public=False
    )


def _digest(users, ticket):
    mail.outbox.clear()
    _notify(users, ticket)
    assert tasks.deliver(str(users["area_own"].pk)) == 1
    [message] = mail.outbox
    return message


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_digest_is_automatic_mail_with_a_one_click_unsubscribe(users, ticket):
    message = _digest(users, ticket)
    url = unsubscribe.url_for(users["area_own"].pk)
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert url in message.body
    assert url.startswith("http") and "/portal/notifications/unsubscribe/" in url


def test_one_click_post_without_a_session_stops_the_digests(users, ticket):
    agent = users["area_own"]
    message = _digest(users, ticket)
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    _notify(users, ticket, "otra")  # waiting for the next digest
    client = Client(enforce_csrf_checks=True)  # as a mail provider calls it: no cookie
    response = client.post(
        _path(url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert agent.email in response.content.decode()
    assert Preference.objects.get(user=agent).email_kinds == []
    mail.outbox.clear()
    _notify(users, ticket, "y otra más")
    assert tasks.deliver(str(agent.pk)) == 0
    assert mail.outbox == []
    # The bell still has every notification.
    assert Notification.objects.filter(recipient=agent).count() == 3
    assert not Notification.objects.filter(email_state=EmailState.PENDING).exists()
    # A second click is harmless.
    again = client.post(
        _path(url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert again.status_code == 200


def test_opening_the_link_only_asks(users, ticket, client):
    agent = users["area_own"]
    response = client.get(_path(unsubscribe.url_for(agent.pk)))
    assert response.status_code == 200
    assert "<form" in response.content.decode()
    assert not Preference.objects.filter(user=agent, email_kinds=[]).exists()


@pytest.mark.parametrize("token", ["nope", "00000000-0000-0000-0000-000000000000:abc"])
def test_a_forged_token_is_not_found_and_changes_nothing(users, client, token):
    response = client.post(f"/portal/notifications/unsubscribe/{token}/")
    assert response.status_code == 404
    assert not Preference.objects.filter(email_kinds=[]).exists()


def test_a_token_signed_for_one_agent_cannot_be_reused_for_another(users, client):
    token = unsubscribe.token_for(users["area_own"].pk)
    forged = f"{users['area_other'].pk}:{token.rsplit(':', 1)[1]}"
    assert client.post(f"/portal/notifications/unsubscribe/{forged}/").status_code == 404
    assert not Preference.objects.filter(email_kinds=[]).exists()
