"""A reply whose client dropped In-Reply-To/References and the reply token still threads by
the ticket label in its subject — for the ticket's requester only (Dovecot, IMAP)."""

import pytest

from mail.inbound import imap
from mail.models import InboundMessage
from tests.mail.helpers import raw_message
from tickets.models import Activity, Ticket

pytestmark = [
    pytest.mark.imap,
    pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a"),
]


@pytest.mark.parametrize(
    "subject",
    [
        "RE: Your ticket {label} was received",
        "AW: Your ticket {label} was received",
        "SV: Your ticket {label} was received",
        "Fwd: Your ticket {label} was received",
        "Re: [{label}] Impresora",
        "re: consulta sobre {label_lower}",
    ],
)
def test_a_stripped_reply_from_the_requester_threads_by_the_label(mailbox, ticket, subject):
    text = subject.format(label=ticket.label, label_lower=ticket.label.lower())
    mailbox.deliver(raw_message(subject=text, body="Sigue sin imprimir.\n\n> cita"))
    assert imap.poll() == {"comment": 1}
    assert Ticket.objects.count() == 1
    [comment] = Activity.objects.filter(ticket=ticket, type="comment")
    assert (comment.data["text"], comment.public) == ("Sigue sin imprimir.", True)
    assert InboundMessage.objects.get().ticket == ticket


def test_the_label_never_threads_a_stranger_into_someone_elses_ticket(mailbox, ticket):
    mailbox.deliver(
        raw_message(
            sender="intruso@example.net",
            subject=f"Re: [{ticket.label}] Impresora",
            body="Ciérrenlo ya.",
        )
    )
    assert imap.poll() == {"ticket": 1}  # a ticket of their own, nothing on Laura's
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()
    new = Ticket.objects.exclude(pk=ticket.pk).get()
    assert new.requester_email == "intruso@example.net"


def test_a_label_of_another_requesters_ticket_opens_a_new_one(mailbox, make_ticket):
    theirs = make_ticket(requester_email="otra@example.com")
    mailbox.deliver(raw_message(subject=f"RE: {theirs.label}", body="¿Y lo mío?"))
    assert imap.poll() == {"ticket": 1}
    assert not Activity.objects.filter(ticket=theirs, type="comment").exists()
    assert Ticket.objects.filter(requester_email="laura@example.com").count() == 1


def test_a_label_inside_a_longer_word_names_no_ticket(mailbox, ticket):
    mailbox.deliver(raw_message(subject=f"Re: X{ticket.label}9", body="Otra cosa."))
    assert imap.poll() == {"ticket": 1}
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()
