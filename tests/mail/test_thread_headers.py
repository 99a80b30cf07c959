"""The desk's mail threads with the requester's own messages: the first mail answers the
message that opened the ticket, every later one names it in References and answers the
requester's latest e-mail."""

import pytest

from mail import threading
from tests.mail.helpers import push, raw_message
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.usefixtures(
    "location", "priorities", "area_mesa", "area_a", "inbound_secret"
)
OPENING = "<abre.ticket@cliente.example>"


@pytest.fixture
def emailed_ticket(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        push(client, raw_message(message_id=OPENING, subject="Impresora"))
    return Ticket.objects.get()


def test_the_acknowledgement_answers_the_requesters_message(emailed_ticket, send_queued_mail):
    [ack] = send_queued_mail()
    assert ack.extra_headers["Message-ID"] == threading.thread_root(emailed_ticket.pk)
    assert ack.extra_headers["In-Reply-To"] == OPENING == ack.extra_headers["References"]


def test_later_mail_names_the_opening_message_and_answers_the_latest_reply(
    client, emailed_ticket, mesa_user, commit, send_queued_mail, django_capture_on_commit_callbacks
):
    [ack] = send_queued_mail()
    root = ack.extra_headers["Message-ID"]
    commit(services.ticket_comment, actor=mesa_user, ticket=emailed_ticket, text="Vamos en camino.")
    first = send_queued_mail()[-1]
    assert first.extra_headers["References"] == f"{OPENING} {root}"
    assert first.extra_headers["In-Reply-To"] == root
    reply = "<respuesta.1@cliente.example>"
    with django_capture_on_commit_callbacks(execute=True):
        push(
            client,
            raw_message(
                message_id=reply,
                subject="Re: x",
                body="Sigue igual.",
                headers={"In-Reply-To": root},
            ),
        )
    commit(services.ticket_comment, actor=mesa_user, ticket=emailed_ticket, text="Ya vamos.")
    second = send_queued_mail()[-1]
    assert second.extra_headers["References"] == f"{OPENING} {root} {reply}"
    assert second.extra_headers["In-Reply-To"] == reply


def test_a_ticket_opened_on_the_web_keeps_the_root_alone(make_ticket, commit, send_queued_mail):
    commit(make_ticket)
    [ack] = send_queued_mail()
    assert "In-Reply-To" not in ack.extra_headers and "References" not in ack.extra_headers
