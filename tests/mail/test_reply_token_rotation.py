"""Issue 27 item 11: solving a ticket rotates its reply token. Mail from then on carries the
new one; an answer by an older token, or to mail sent before the solve, still names its
ticket but is held for review instead of posting to the reopened conversation."""

import pytest

from mail import compose, threading
from mail.inbound import imap
from mail.models import Delivery, InboundMessage
from tests.mail.helpers import raw_message
from tickets import services
from tickets.models import Activity, Status

pytestmark = [pytest.mark.imap,
              pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")]


@pytest.fixture
def solved(ticket, users):
    old_address = threading.reply_address(ticket.pk)
    services.ticket_update(actor=users["mesa"], ticket=ticket, status="RESUELTO",
                           response="Cambiamos el tóner.")
    ticket.refresh_from_db()
    return ticket, old_address


def test_solving_rotates_the_reply_address_but_not_the_thread(solved):
    ticket, old_address = solved
    new_address = threading.reply_address(ticket.pk)
    assert new_address != old_address
    assert threading.ticket_id_from_addresses([old_address]) == ticket.pk  # still threads
    assert threading.ticket_id_from_addresses([new_address]) == ticket.pk
    solved_mail = Delivery.objects.get(ticket=ticket, template="ticket_solved")
    message = compose.build(solved_mail)
    assert message.reply_to == [new_address]
    assert message.extra_headers["In-Reply-To"] == threading.thread_id(ticket.pk)


def test_an_old_token_answer_after_the_solve_is_held_not_posted(mailbox, solved):
    ticket, old_address = solved
    mailbox.deliver(raw_message(to=old_address, body="Vuelve a fallar, años después."))
    assert imap.poll() == {"held": 1}
    row = InboundMessage.objects.get()
    assert (row.kind, row.ticket) == ("old_token", ticket)
    ticket.refresh_from_db()
    assert ticket.status == Status.RESUELTO
    assert not Activity.objects.filter(ticket=ticket, data__text="Vuelve a fallar, años después.")


def test_an_answer_with_the_new_token_posts(mailbox, solved):
    ticket, _old = solved
    mailbox.deliver(raw_message(to=threading.reply_address(ticket.pk), body="Gracias, ya va."))
    assert imap.poll() == {"comment": 1}


def test_an_answer_to_mail_sent_before_the_solve_is_held(mailbox, solved):
    ticket, _old = solved
    before = Delivery.objects.filter(ticket=ticket, template="ticket_created").get()
    after = Delivery.objects.filter(ticket=ticket, template="ticket_solved").get()
    mailbox.deliver(raw_message(body="Sigue igual.", headers={
        "In-Reply-To": threading.message_id(before.pk, threading.thread_root(ticket.pk))}))
    mailbox.deliver(raw_message(body="Confirmo, gracias.", headers={
        "In-Reply-To": threading.message_id(after.pk, threading.thread_root(ticket.pk))}))
    assert imap.poll() == {"held": 1, "comment": 1}
    assert InboundMessage.objects.get(status="held").kind == "old_token"


def test_an_out_of_office_to_an_old_token_is_filtered_not_held(mailbox, solved):
    ticket, old_address = solved
    mailbox.deliver(raw_message(to=old_address, subject="Out of Office: vuelvo el lunes"))
    assert imap.poll() == {"ignored": 1}
    assert InboundMessage.objects.get().kind == "automatic"


def test_a_rotated_token_cannot_be_made_from_an_old_one(ticket):
    old = threading.reply_token(ticket.pk)
    rotated = threading.reply_token(ticket.pk, generation=2)
    assert threading.token_generation(rotated) == (ticket.pk, 2)
    assert threading.token_generation(f"{old}.g2") is None  # the old signature, a new number
    assert threading.token_generation(rotated.upper()) == (ticket.pk, 2)
