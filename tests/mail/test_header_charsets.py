"""Raw 8-bit bytes in headers (no RFC 2047 encoding) read as mail clients read them: UTF-8
when they are, else the charset the message declares, else Windows-1252 (Latin-1)."""

import pytest

from mail.inbound import imap, parse
from tickets.models import Ticket

LATIN1 = (
    "From: José Pérez <jose@example.com>\r\n"
    "To: helpdesk@localhost\r\n"
    "Subject: Contraseña olvidada\r\n"
    "Message-ID: <latin1@client.example>\r\n"
    "\r\n"
    "No recuerdo mi contraseña.\r\n"
).encode("latin-1")


@pytest.mark.imap
@pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")
def test_a_latin1_message_opens_a_ticket_with_readable_names(mailbox):
    mailbox.deliver(LATIN1)
    assert imap.poll() == {"ticket": 1}
    ticket = Ticket.objects.get()
    assert (ticket.subject, ticket.requester_name) == ("Contraseña olvidada", "José Pérez")
    assert ticket.requester_email == "jose@example.com"


def test_windows_1252_quotes_and_a_declared_charset():
    quotes = b"From: a@example.com\r\nSubject: \x93Urgente\x94 \xbfhoy?\r\n\r\nx\r\n"
    assert parse.parse(quotes).subject == "“Urgente” ¿hoy?"
    declared = (
        b"From: =?utf-8?q?Jos=C3=A9?= <a@example.com>\r\nSubject: Precio 10 \xa4\r\n"
        b"Content-Type: text/plain; charset=iso-8859-15\r\n\r\nx\r\n"
    )
    assert parse.parse(declared).subject == "Precio 10 €"
    assert parse.parse(declared).sender_name == "José"


def test_utf8_headers_and_encoded_words_are_left_as_they_are():
    utf8 = "From: Łukasz <l@example.com>\r\nSubject: Zażółć\r\n\r\nx\r\n".encode()
    assert (parse.parse(utf8).sender_name, parse.parse(utf8).subject) == ("Łukasz", "Zażółć")
    assert parse.utf8_headers(utf8) == utf8
    body_only = b"Subject: hola\r\n\r\ncaf\xe9\r\n"  # the body is not the headers' business
    assert parse.utf8_headers(body_only) == body_only
