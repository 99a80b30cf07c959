"""Issue 27 item 8: auto-replies without RFC 3834 headers are recognised, kept (filtered)
and never posted."""

import pytest

from mail import threading
from mail.inbound import imap
from mail.models import InboundMessage
from tests.mail.helpers import raw_message
from tickets.models import Activity, Ticket

pytestmark = [pytest.mark.imap,
              pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")]


def test_the_four_unheaded_auto_replies_are_kept_and_not_posted(mailbox, ticket):
    to = threading.reply_address(ticket.pk)
    mailbox.deliver(raw_message(to=to, subject=f"Automatic reply: {ticket.label}",
                                body="I am out until Monday.",
                                headers={"X-Auto-Response-Suppress": "All"}))
    mailbox.deliver(raw_message(to=to, subject="Out of Office: vuelvo el lunes",
                                body="Estoy fuera."))
    mailbox.deliver(raw_message(sender="news@tienda.example", subject="Ofertas de diciembre",
                                body="¡Descuentos!",
                                headers={"List-Id": "<ofertas.tienda.example>",
                                         "List-Unsubscribe": "<mailto:baja@tienda.example>"}))
    mailbox.deliver(raw_message(to=to, subject=f"Re: {ticket.label}", body="Respuesta en bucle",
                                headers={"X-Loop": "helpdesk@otro.example"}))
    assert imap.poll() == {"ignored": 4}
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()
    assert Ticket.objects.count() == 1
    rows = InboundMessage.objects.all()
    assert {r.kind for r in rows} == {"automatic"}
    assert all(r.raw for r in rows)
    reasons = " | ".join(sorted(r.reason for r in rows))
    for cue in ("X-Auto-Response-Suppress", "Out of Office", "List-Id", "X-Loop"):
        assert cue in reasons


def test_a_subject_that_only_mentions_an_absence_is_a_person(mailbox):
    mailbox.deliver(raw_message(subject="Re: out of office laptop", body="Mi portátil falla."))
    assert imap.poll() == {"ticket": 1}
