"""Reading a received message: quoted history and signatures trimmed, HTML read as text,
tokens that cannot be forged."""

import uuid

from mail import threading
from mail.inbound import parse
from tests.mail.helpers import raw_message


def test_quoted_history_and_signature_are_trimmed():
    text = (
        "Ya funciona, gracias.\n\nSaludos\n-- \nLaura Gómez\nContabilidad\n\n"
        "On Tue, 1 Dec 2026 at 10:00, Helpdesk <helpdesk@localhost> wrote:\n> Hola Laura\n"
    )
    assert parse.trimmed(text) == "Ya funciona, gracias.\n\nSaludos"


def test_spanish_and_outlook_reply_headers_start_the_quote():
    assert parse.trimmed("Listo.\nEl mar, 1 dic 2026 a las 10:00, Mesa escribió:\n> x") == "Listo."
    assert parse.trimmed("Listo.\n-----Mensaje original-----\nDe: Mesa") == "Listo."
    assert parse.trimmed("Listo.\n\nFrom: Helpdesk <helpdesk@localhost>\nSent: hoy") == "Listo."
    assert parse.trimmed("Listo.\n\nEnviado desde mi iPhone") == "Listo."


def test_an_on_wrote_line_wrapped_in_two_is_still_a_quote():
    text = "Bien.\n\nOn Tue, 1 Dec 2026 at 10:00 Helpdesk <helpdesk@localhost>\nwrote:\n> x"
    assert parse.trimmed(text) == "Bien."


def test_html_only_message_is_read_as_text_without_its_quote():
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "laura@example.com"
    msg["Message-ID"] = "<html@client.example>"
    msg.set_content(
        "<html><body><p>Sigue <b>fallando</b>.</p><blockquote>viejo</blockquote></body></html>",
        subtype="html",
    )
    p = parse.parse(msg.as_bytes())
    assert parse.trimmed(p.text) == "Sigue fallando."


def test_a_message_without_message_id_is_named_by_its_content():
    raw = raw_message().replace(b"Message-ID:", b"X-Old-Id:")
    assert parse.parse(raw).dedupe_key == parse.parse(raw).dedupe_key
    assert parse.parse(raw).message_id == ""  # no made-up id to thread with
    other = raw_message(body="Otra cosa.").replace(b"Message-ID:", b"X-Old-Id:")
    assert parse.parse(other).dedupe_key != parse.parse(raw).dedupe_key


def test_tokens_name_their_ticket_and_cannot_be_forged():
    ticket_id = uuid.uuid4()
    token = threading.reply_token(ticket_id)
    assert threading.ticket_id_from_token(token) == ticket_id
    assert threading.ticket_id_from_token(token.upper()) == ticket_id  # servers lower/upper-case
    other = uuid.uuid4().hex
    assert threading.ticket_id_from_token(f"{other}.{token.split('.')[1]}") is None
    assert threading.ticket_id_from_token("garbage") is None
    assert threading.ticket_id_from_addresses([f"helpdesk+{token}@localhost"]) == ticket_id
    assert threading.ticket_id_from_addresses([f"someone+{token}@localhost"]) is None
    assert threading.ticket_id_from_addresses([f"helpdesk+{token}@elsewhere.example"]) is None
