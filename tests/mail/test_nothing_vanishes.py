"""Issue 27 item 4: nothing that arrives vanishes. NUL bytes, an encoded ``From``, a message
over the size limit, one that fails every time: each becomes a ticket or is kept whole with
its reason, and the next messages of the IMAP batch are processed."""

import base64

import pytest

from mail import threading
from mail.inbound import imap, process
from mail.models import InboundMessage
from tests.mail.helpers import raw_message
from tickets.models import Activity, Ticket

pytestmark = [pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")]
URL = "/inbound/email"
SECRET = "s3cret-for-tests"  # noqa: S105


def _with_nul(raw: bytes) -> bytes:
    return (
        raw.replace(b"Subject: Impresora", b"Subject: Impre\x00sora")
        .replace(b"From: laura@example.com", b"From: Lau\x00ra <laura@example.com>")
        .replace(b"Message-ID: <", b"Message-ID: <nul\x00")
        .replace(b"no imprime", b"no\x00 imprime")
    )


@pytest.mark.imap
def test_nul_bytes_anywhere_still_open_a_ticket_and_the_batch_goes_on(mailbox):
    mailbox.deliver(_with_nul(raw_message()))
    mailbox.deliver(raw_message(sender="otro@example.com", subject="Siguiente"))
    assert imap.poll() == {"ticket": 2}
    ticket = Ticket.objects.get(requester_email="laura@example.com")
    # Dovecot hands a NUL back as the byte 0x80, which an undeclared 8-bit header reads as
    # Windows-1252 ("€"), as mail clients show it; the point is that the message is taken.
    named = (ticket.subject.replace("€", ""), ticket.requester_name.replace("€", ""))
    assert named == ("Impresora", "Laura")
    assert ticket.description == "La impresora no imprime."
    row = InboundMessage.objects.get(ticket=ticket)
    assert row.message_id.startswith("<nul") and b"Subject: Impre" in bytes(row.raw)
    assert mailbox.messages() == []


def test_nul_bytes_pushed_are_recorded_and_the_message_kept_as_received(client, settings):
    settings.HELPDESK_INBOUND_SECRET = SECRET
    raw = _with_nul(raw_message())
    response = client.post(URL, raw, content_type="message/rfc822",
                           HTTP_X_HELPDESK_INBOUND_SECRET=SECRET)
    assert response.status_code == 200 and response.json()["status"] == "ticket"
    ticket = Ticket.objects.get()
    assert (ticket.subject, ticket.requester_name) == ("Impresora", "Laura")
    assert ticket.description == "La impresora no imprime."
    row = InboundMessage.objects.get()
    assert "\x00" not in row.message_id and bytes(row.raw) == raw


def test_an_encoded_from_opens_a_ticket_for_its_address(client, settings):
    settings.HELPDESK_INBOUND_SECRET = SECRET
    encoded = base64.b64encode("José Pérez <jose@example.com>".encode()).decode()
    raw = raw_message().replace(b"From: laura@example.com", f"From: =?utf-8?b?{encoded}?=".encode())
    response = client.post(URL, raw, content_type="message/rfc822",
                           HTTP_X_HELPDESK_INBOUND_SECRET=SECRET)
    assert response.json()["status"] == "ticket"
    ticket = Ticket.objects.get()
    assert (ticket.requester_email, ticket.requester_name) == ("jose@example.com", "José Pérez")


@pytest.mark.imap
def test_a_message_that_always_fails_is_held_whole_and_stops_blocking(mailbox, monkeypatch,
                                                                      settings):
    settings.HELPDESK_IMAP_BATCH = 2
    settings.HELPDESK_INBOUND_MAX_ATTEMPTS = 2
    real = process._decide

    def broken_for_one(p):
        if p.sender == "mala@example.com":
            raise RuntimeError("this message breaks the code")
        return real(p)

    monkeypatch.setattr(process, "_decide", broken_for_one)
    mailbox.deliver(raw_message(sender="mala@example.com", subject="Rota"))
    mailbox.deliver(raw_message(sender="a@example.com", subject="Uno"))
    mailbox.deliver(raw_message(sender="b@example.com", subject="Dos"))
    assert imap.poll() == {"failed": 1, "ticket": 1}
    # The failed one waits behind new mail: the next run takes the other new one first.
    assert imap.poll() == {"ticket": 1, "failed": 1}
    assert imap.poll() == {"held": 1}
    row = InboundMessage.objects.get(sender="mala@example.com")
    assert (row.status, row.kind) == ("held", "failed")
    assert "this message breaks the code" in row.reason
    assert b"Subject: Rota" in bytes(row.raw)
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == ["Dos", "Uno"]
    assert mailbox.messages() == []


def test_the_endpoint_does_not_answer_503_for_ever(client, settings, monkeypatch):
    settings.HELPDESK_INBOUND_SECRET = SECRET
    settings.HELPDESK_INBOUND_MAX_ATTEMPTS = 3

    def broken(p):
        raise RuntimeError("bad message")

    monkeypatch.setattr(process, "_decide", broken)
    raw = raw_message(message_id="<always-fails@client.example>")

    def push():
        return client.post(URL, raw, content_type="message/rfc822",
                           HTTP_X_HELPDESK_INBOUND_SECRET=SECRET)

    assert [push().status_code for _ in range(3)] == [503, 503, 503]
    last = push()
    assert last.status_code == 200 and last.json()["status"] == "held"
    row = InboundMessage.objects.get()
    assert (row.status, row.kind, bytes(row.raw)) == ("held", "failed", raw)


def test_an_oversize_message_is_kept_whole_and_its_sender_told(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.HELPDESK_INBOUND_SECRET = SECRET
    settings.HELPDESK_INBOUND_MAX_BYTES = 3000
    raw = raw_message(sender="Ana <ana@example.com>", subject="Fotos", body="x" * 6000)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, raw, content_type="message/rfc822",
                               HTTP_X_HELPDESK_INBOUND_SECRET=SECRET)
    assert response.json()["status"] == "held"
    row = InboundMessage.objects.get()
    assert (row.kind, bytes(row.raw), row.size) == ("oversize", raw, len(raw))
    assert row.notified_at is not None
    [notice] = mailoutbox
    assert notice.to == ["ana@example.com"]
    assert notice.extra_headers["Auto-Submitted"] == "auto-replied"
    assert "Fotos" in notice.subject and "2,9" in notice.body.replace(".", ",")
    assert not Ticket.objects.exists()


def test_a_message_larger_than_can_be_kept_is_refused_with_413(client, settings):
    settings.HELPDESK_INBOUND_SECRET = SECRET
    settings.HELPDESK_INBOUND_MAX_BYTES = 1000
    settings.HELPDESK_INBOUND_KEEP_MAX_BYTES = 2000
    response = client.post(URL, raw_message(body="x" * 5000), content_type="message/rfc822",
                           HTTP_X_HELPDESK_INBOUND_SECRET=SECRET)
    assert response.status_code == 413
    assert not InboundMessage.objects.exists()


@pytest.mark.imap
def test_a_message_too_large_to_keep_goes_to_the_held_folder(mailbox, settings):
    settings.HELPDESK_INBOUND_MAX_BYTES = 1000
    settings.HELPDESK_INBOUND_KEEP_MAX_BYTES = 2000
    raw = raw_message(body="x" * 5000)
    mailbox.deliver(raw)
    assert imap.poll() == {"held": 1}
    row = InboundMessage.objects.get()
    assert row.kind == "oversize" and row.raw is None
    [kept] = mailbox.messages(settings.HELPDESK_IMAP_HELD_FOLDER)
    assert kept.replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")
    assert mailbox.messages() == []


@pytest.mark.imap
def test_a_reply_from_a_colleague_is_held_with_its_ticket(mailbox, ticket):
    mailbox.deliver(raw_message(sender="colega@example.com", to=threading.reply_address(ticket.pk),
                                body="Yo también tengo el problema."))
    assert imap.poll() == {"held": 1}
    row = InboundMessage.objects.get()
    assert (row.status, row.kind, row.ticket) == ("held", "not_requester", ticket)
    assert b"Yo tambi" in bytes(row.raw)
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()


@pytest.mark.parametrize("sender, headers", [
    ("robot@example.com", {"Auto-Submitted": "auto-generated"}),
    ("helpdesk+abc@localhost", {}),
])
def test_an_oversize_automatic_or_own_message_is_kept_but_nobody_told(
    client, settings, mailoutbox, django_capture_on_commit_callbacks, sender, headers
):
    settings.HELPDESK_INBOUND_SECRET = SECRET
    settings.HELPDESK_INBOUND_MAX_BYTES = 1000
    raw = raw_message(sender=sender, headers=headers, body="x" * 3000)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, raw, content_type="message/rfc822",
                               HTTP_X_HELPDESK_INBOUND_SECRET=SECRET)
    assert response.json()["status"] == "held"
    assert bytes(InboundMessage.objects.get().raw) == raw
    assert mailoutbox == []
