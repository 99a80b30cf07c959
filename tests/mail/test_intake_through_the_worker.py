"""Issue 27 items 4 and 12 end to end: Dovecot → the intake → a real Celery worker → the SMTP
sink. The sender of an oversize message and the assignee of a bounced ticket are told."""

import pytest

from mail import threading
from mail.inbound import imap
from mail.models import InboundMessage
from tests.mail.helpers import bounce, raw_message
from tickets import services

pytestmark = [pytest.mark.worker, pytest.mark.imap, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")]


def test_the_sender_of_an_oversize_message_is_told_once(celery_worker, smtp_sink, mailbox,
                                                        settings):
    settings.HELPDESK_INBOUND_MAX_BYTES = 3000
    mailbox.deliver(raw_message(sender="ana@example.com", subject="Fotos", body="x" * 6000))
    assert imap.poll() == {"held": 1}
    [notice] = smtp_sink.wait_for(1)
    assert notice["To"] == "ana@example.com" and "Fotos" in notice["Subject"]
    assert notice["Auto-Submitted"] == "auto-replied"
    assert InboundMessage.objects.get().notified_at is not None


def test_the_assignee_hears_of_a_hard_bounce(celery_worker, smtp_sink, mailbox, make_ticket,
                                             users):
    ticket = make_ticket()
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    smtp_sink.wait_for(1)  # the requester's "ticket received"
    smtp_sink.clear()
    mailbox.deliver(bounce(returned_id=threading.message_id(1, threading.thread_root(ticket.pk))))
    assert imap.poll() == {"ignored": 1}
    messages = smtp_sink.wait_for(1)
    assert [m["To"] for m in messages] == [users["area_own"].email]
    assert ticket.label in messages[0]["Subject"]
