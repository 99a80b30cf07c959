"""A requester's e-mail reply follows the rule of the requester pages
(``ticket_requester_reply``): a comment; on a solved ticket it reopens it; on a closed one it
opens a follow-up ticket (Dovecot, IMAP)."""

import pytest

from mail import threading
from mail.inbound import imap
from mail.models import InboundMessage
from tests.mail.helpers import raw_message
from tickets import services
from tickets.access import Requester
from tickets.models import Activity, Status, Ticket

pytestmark = [
    pytest.mark.imap,
    pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a"),
]


@pytest.fixture
def solved(ticket, mesa_user):
    services.ticket_update(actor=mesa_user, ticket=ticket, status="RESUELTO", response="Listo.")
    return ticket


def _reply(mailbox, ticket, body):
    mailbox.deliver(raw_message(to=threading.reply_address(ticket.pk), subject="Re: x", body=body))
    return imap.poll()


def test_a_reply_to_a_solved_ticket_reopens_it(mailbox, solved):
    assert _reply(mailbox, solved, "No, sigue sin imprimir.") == {"comment": 1}
    solved.refresh_from_db()
    assert solved.status == Status.EN_PROCESO
    change = Activity.objects.filter(ticket=solved, type="statusUpdated").latest("created_at")
    assert change.data["status"] == "EN_PROCESO"
    assert change.data["previousAttributes"]["status"] == "RESUELTO"
    comment = Activity.objects.filter(ticket=solved, type="comment").latest("created_at")
    assert (comment.data["text"], comment.public) == ("No, sigue sin imprimir.", True)
    assert comment.actor_snapshot["rol"] == "ANONIMO"
    assert "reopened" in InboundMessage.objects.get().reason


def test_a_reply_to_a_closed_ticket_opens_a_follow_up(mailbox, solved):
    services.ticket_requester_confirm(
        actor=Requester("laura@example.com"), ticket=solved
    )
    assert _reply(mailbox, solved, "Volvió a fallar.") == {"ticket": 1}
    new = Ticket.objects.exclude(pk=solved.pk).get()
    assert (new.description, new.area_id) == ("Volvió a fallar.", solved.area_id)
    assert Activity.objects.get(ticket=new, type="ticketCreated").data["follows"] == solved.label
    solved.refresh_from_db()
    assert solved.status == Status.CERRADO
    assert InboundMessage.objects.get().ticket == new


def test_a_reply_to_an_open_ticket_is_a_comment_and_changes_no_status(mailbox, ticket):
    assert _reply(mailbox, ticket, "Gracias.") == {"comment": 1}
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO
    assert Activity.objects.get(ticket=ticket, type="comment").data["text"] == "Gracias."
