"""POST /inbound/email: providers push raw MIME with the shared secret."""

import pytest

from mail import threading
from mail.models import InboundMessage
from tests.mail.helpers import INBOUND_SECRET as SECRET
from tests.mail.helpers import push, raw_message
from tickets import services
from tickets.models import Activity, Ticket

URL = "/inbound/email"

pytestmark = pytest.mark.usefixtures(
    "location", "priorities", "area_mesa", "area_a", "inbound_secret"
)


def test_a_pushed_message_opens_a_ticket(client):
    response = push(client, raw_message(sender="Laura <laura@example.com>"))
    assert response.status_code == 200
    body = response.json()
    ticket = Ticket.objects.get()
    assert body == {"status": "ticket", "reason": f"opened {ticket.label}", "ticket": ticket.label}
    assert ticket.requester_email == "laura@example.com" and ticket.registration_ip is None


def test_bearer_secret_works_too(client):
    response = client.post(
        URL, raw_message(), content_type="message/rfc822", HTTP_AUTHORIZATION=f"Bearer {SECRET}"
    )
    assert response.status_code == 200
    assert response.json()["ticket"] == Ticket.objects.get().label


@pytest.mark.parametrize("secret", ["", "wrong"])
def test_a_wrong_or_missing_secret_is_refused_and_records_nothing(client, secret):
    response = push(client, raw_message(), secret=secret)
    assert response.status_code == 401
    assert response.json() == {"error": "invalid secret"}
    assert not InboundMessage.objects.exists() and not Ticket.objects.exists()


def test_the_endpoint_is_off_without_a_secret(client, settings):
    settings.HELPDESK_INBOUND_SECRET = ""
    assert push(client, raw_message(), secret="anything").status_code == 404
    assert not InboundMessage.objects.exists() and not Ticket.objects.exists()


def test_only_post(client):
    response = client.get(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_an_empty_body_is_a_400(client):
    assert push(client, b"").status_code == 400
    assert not InboundMessage.objects.exists() and not Ticket.objects.exists()


def test_the_same_message_pushed_twice_opens_one_ticket(client):
    raw = raw_message(message_id="<twice@client.example>")
    assert push(client, raw).json()["status"] == "ticket"
    second = push(client, raw)
    assert second.status_code == 200 and second.json()["status"] == "duplicate"
    assert Ticket.objects.count() == 1


def test_reply_by_push_becomes_the_requesters_comment(client, ticket):
    raw = raw_message(to=threading.reply_address(ticket.pk), body="Gracias, ya funciona.")
    assert push(client, raw).json()["status"] == "comment"
    assert Activity.objects.get(ticket=ticket, type="comment").data["text"] == (
        "Gracias, ya funciona."
    )


@pytest.mark.parametrize(
    "headers, sender",
    [
        ({"Auto-Submitted": "auto-replied"}, "laura@example.com"),
        ({"X-Autoreply": "yes"}, "laura@example.com"),
        ({"Precedence": "bulk"}, "laura@example.com"),
        ({}, "MAILER-DAEMON@mx.example.com"),
        ({"Return-Path": "<>"}, "laura@example.com"),
        ({}, "helpdesk@localhost"),  # our own address: a loop
        ({}, "helpdesk+abc@localhost"),
    ],
)
def test_automatic_messages_and_loops_are_ignored_and_logged(client, headers, sender, caplog):
    response = push(client, raw_message(sender=sender, headers=headers))
    assert response.status_code == 200 and response.json()["status"] == "ignored"
    assert not Ticket.objects.exists()
    assert InboundMessage.objects.get().status == "ignored"
    assert "ignored" in caplog.text


def test_an_oversize_message_is_held(client, settings):
    settings.HELPDESK_INBOUND_MAX_BYTES = 1000
    response = push(client, raw_message(body="x" * 4000))
    assert response.json()["status"] == "held"
    assert "size limit" in response.json()["reason"]
    assert not Ticket.objects.exists()


def test_new_tickets_by_email_are_throttled_per_sender(client, settings):
    settings.HELPDESK_INBOUND_RATE = (2, 3600)
    statuses = [push(client, raw_message(subject=f"Caso {i}")).json()["status"] for i in range(3)]
    assert statuses == ["ticket", "ticket", "held"]
    other = push(client, raw_message(sender="otra@example.com")).json()["status"]
    assert other == "ticket"


def test_a_failure_answers_503_so_the_provider_retries(client, monkeypatch):
    from mail.inbound import process

    def broken(p, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(process, "_new_ticket", broken)
    response = push(client, raw_message(message_id="<retry@client.example>"))
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert InboundMessage.objects.get().status == "failed"
    monkeypatch.undo()
    assert push(client, raw_message(message_id="<retry@client.example>")).json()["status"] == (
        "ticket"
    )


def test_a_reply_by_email_resumes_a_pause_that_waits_for_the_requester(client, ticket, users):
    services.ticket_pause(actor=users["mesa"], ticket=ticket, kind="requester")
    raw = raw_message(to=threading.reply_address(ticket.pk), body="Es la impresora del piso 2.")
    assert push(client, raw).json()["status"] == "comment"
    ticket.refresh_from_db()
    assert (ticket.status, ticket.pause_kind, ticket.sla_paused_at) == ("EN_PROCESO", None, None)
    resumed = Activity.objects.get(ticket=ticket, data__resumedByRequester=True)
    assert resumed.data["previousAttributes"]["status"] == "PAUSADO"
    assert resumed.actor_snapshot["rol"] == "ANONIMO"
    assert Activity.objects.get(ticket=ticket, type="comment").data["text"] == (
        "Es la impresora del piso 2."
    )
