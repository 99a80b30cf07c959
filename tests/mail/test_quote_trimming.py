"""Issue 27 item 7: the quoted history is trimmed for the mail clients the desk meets, the
requester's own "From: …" line is kept, and the whole message stays reachable."""

import pytest

from mail import threading
from mail.inbound import parse, process
from mail.models import InboundMessage
from tests.mail.helpers import raw_message
from tickets.models import Activity

GMAIL_WRAPPED = (
    "Sigue sin funcionar.\n\nOn Tue, Dec 1, 2026 at 10:00 AM Mesa de Ayuda <\n"
    "helpdesk+abc@example.org>\nwrote:\n\n> Hola Laura\n> ¿Probaste reiniciar?\n"
)
GERMAN_OUTLOOK = (
    "Danke, geht wieder.\n\nVon: Mesa de Ayuda <helpdesk@example.org>\n"
    "Gesendet: Dienstag, 1. Dezember 2026 10:00\nAn: laura@example.com\n"
    "Betreff: Ihr Ticket\n\nHallo Laura\n"
)
SPANISH_OUTLOOK = (
    "Ya funciona.\n\nDe: Mesa de Ayuda\nEnviado: martes, 1 de diciembre de 2026 10:00\n"
    "Para: laura@example.com\nAsunto: Su ticket\n\nHola Laura\n"
)
SWEDISH = (
    "Det fungerar nu.\n\nDen tis 1 dec. 2026 kl 10:00 skrev Mesa de Ayuda "
    "<helpdesk@example.org>:\n> Hej Laura\n"
)
BOSS = "Mi jefe dice:\nFrom: boss@example.com must be able to print today.\nPor favor, urgente."


@pytest.mark.parametrize(
    "text, expected",
    [
        (GMAIL_WRAPPED, "Sigue sin funcionar."),
        (GERMAN_OUTLOOK, "Danke, geht wieder."),
        (SPANISH_OUTLOOK, "Ya funciona."),
        (SWEDISH, "Det fungerar nu."),
        (BOSS, BOSS),
    ],
    ids=["gmail-three-lines", "german-outlook", "spanish-outlook-no-address", "swedish",
         "requester-from-line"],
)
def test_quotes_of_each_client_are_trimmed_and_own_text_kept(text, expected):
    assert parse.trimmed(text) == expected


@pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")
def test_the_comment_is_trimmed_and_the_whole_message_kept(ticket):
    raw = raw_message(to=threading.reply_address(ticket.pk), body=GERMAN_OUTLOOK)
    assert process.process_raw(raw, source="push").status == "comment"
    comment = Activity.objects.get(ticket=ticket, type="comment")
    assert comment.data["text"] == "Danke, geht wieder."
    source = InboundMessage.objects.get(activity_id=comment.pk)
    assert b"Gesendet: Dienstag" in bytes(source.raw)
