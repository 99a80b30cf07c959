"""Issue 27 item 12: a bounce of our mail marks the ticket and the address undeliverable,
tells the assignee, and no more mail goes to an address that bounced for good."""

import pytest

from mail import threading
from mail.inbound import imap
from mail.models import Delivery, InboundMessage, Undeliverable
from tests.mail.helpers import bounce, raw_message
from tickets import services
from tickets.models import Activity

pytestmark = [pytest.mark.imap,
              pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")]


@pytest.fixture
def assigned(ticket, users):
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    return ticket


def test_a_hard_bounce_marks_ticket_and_address_and_tells_the_assignee(
    mailbox, assigned, users, django_capture_on_commit_callbacks, send_queued_mail
):
    root = threading.thread_root(assigned.pk)
    mailbox.deliver(bounce(returned_id=threading.message_id(7, root)))
    with django_capture_on_commit_callbacks(execute=True):
        assert imap.poll() == {"ignored": 1}
    row = InboundMessage.objects.get()
    assert (row.kind, row.ticket) == ("bounce", assigned) and "5.1.1" in row.reason
    address = Undeliverable.objects.get()
    assert (address.address, address.hard, address.ticket) == ("laura@example.com", True,
                                                               assigned)
    note = Activity.objects.get(ticket=assigned, type="comment")
    assert note.public is False and note.actor_snapshot["rol"] == "SISTEMA"
    assert "laura@example.com" in note.data["text"]
    sent = send_queued_mail()
    [mail] = [m for m in sent if m.to == [users["area_own"].email]]
    assert assigned.label in mail.subject and "User unknown" in mail.body


def test_no_more_mail_is_queued_to_a_hard_bounced_address(mailbox, assigned, users):
    root = threading.thread_root(assigned.pk)
    mailbox.deliver(bounce(returned_id=threading.message_id(7, root)))
    imap.poll()
    before = Delivery.objects.filter(recipient="laura@example.com").count()
    services.ticket_comment(actor=users["mesa"], ticket=assigned, text="¿Sigue fallando?")
    assert Delivery.objects.filter(recipient="laura@example.com").count() == before


def test_a_soft_bounce_is_counted_but_mail_goes_on(mailbox, assigned, users):
    mailbox.deliver(bounce(status="4.2.2", action="delayed",
                           returned_id=threading.message_id(7, threading.thread_root(assigned.pk))))
    imap.poll()
    address = Undeliverable.objects.get()
    assert (address.hard, address.bounces) == (False, 1)
    assert not Activity.objects.filter(ticket=assigned, type="comment").exists()
    services.ticket_comment(actor=users["mesa"], ticket=assigned, text="¿Sigue fallando?")
    assert Delivery.objects.filter(recipient="laura@example.com",
                                   template="public_response").exists()


def test_mail_from_the_address_again_lifts_the_block(mailbox, assigned):
    root = threading.thread_root(assigned.pk)
    mailbox.deliver(bounce(returned_id=threading.message_id(7, root)))
    imap.poll()
    mailbox.deliver(raw_message(to=threading.reply_address(assigned.pk), body="Ya tengo buzón."))
    assert imap.poll() == {"comment": 1}
    assert not Undeliverable.objects.exists()
