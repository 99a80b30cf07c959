"""An agent answers a ticket from their mail client: a reply to the desk's mail (with its
reply token) from the agent's own address is their public reply, or an internal note when
it starts with the note marker — through the portal's service and permission check
(Dovecot, IMAP)."""

import pytest
from django.urls import reverse

from mail import threading
from mail.inbound import imap
from mail.models import Delivery, InboundMessage
from tests.mail.helpers import raw_message
from tickets.models import Activity, Ticket
from tickets.selectors import links

pytestmark = [
    pytest.mark.imap,
    pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a"),
]
QUOTED = "\n\nEl lun, 7 dic 2026 a las 10:00, Mesa escribió:\n> La requirente respondió"


def _answer(mailbox, ticket, sender, body, **kwargs):
    to = kwargs.pop("to", threading.reply_address(ticket.pk))
    mailbox.deliver(raw_message(sender=sender, to=to, subject="Re: x", body=body, **kwargs))
    return imap.poll()


def test_an_agents_mail_reply_is_their_public_reply_and_first_response(
    mailbox, ticket, area_a_user, client
):
    Delivery.objects.all().delete()
    sender = f"Ana <{area_a_user.email.upper()}>"
    text = "Cambiamos el tóner, pruebe ahora."
    assert _answer(mailbox, ticket, sender, text + QUOTED) == {"comment": 1}
    comment = Activity.objects.get(ticket=ticket, type="comment")
    assert (comment.data["text"], comment.public, comment.actor) == (text, True, area_a_user)
    ticket.refresh_from_db()
    assert ticket.first_responded_at is not None
    [mail] = Delivery.objects.all()  # the requester reads it like any portal reply
    assert (mail.template, mail.recipient) == ("public_response", "laura@example.com")
    assert InboundMessage.objects.get().reason == f"reply by {area_a_user.email} on {ticket.label}"
    page = client.get(reverse("public:ticket", args=[links.make_token(ticket)]))
    assert text in page.content.decode()  # the requester reads it on their page
    assert "La requirente respondió" not in page.content.decode()
    client.force_login(area_a_user)
    portal = client.get(reverse("portal:ticket", args=[ticket.pk])).content.decode()
    assert text in portal and area_a_user.full_name in portal


def test_the_note_marker_makes_an_internal_note(mailbox, ticket, area_a_user, settings):
    Delivery.objects.all().delete()
    assert _answer(mailbox, ticket, area_a_user.email, "#NOTE revisar el cable") == {"comment": 1}
    note = Activity.objects.get(ticket=ticket, type="comment")
    assert (note.data["text"], note.public, note.actor) == ("revisar el cable", False, area_a_user)
    ticket.refresh_from_db()
    assert ticket.first_responded_at is None
    assert not Delivery.objects.exists()  # the requester is told nothing
    settings.HELPDESK_MAIL_NOTE_MARKER = "[interna]"
    assert _answer(mailbox, ticket, area_a_user.email, "[interna] otra") == {"comment": 1}
    assert not Activity.objects.filter(ticket=ticket, type="comment", public=True).exists()


def test_an_agent_who_may_not_work_the_ticket_is_refused(mailbox, ticket, area_b_user):
    assert _answer(mailbox, ticket, area_b_user.email, "Lo cierro yo.") == {"held": 1}
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()
    assert "refused" in InboundMessage.objects.get().reason


def test_without_the_reply_token_an_agent_cannot_post(mailbox, ticket, area_a_user):
    by_reference = {"In-Reply-To": threading.thread_root(ticket.pk)}
    result = _answer(
        mailbox, ticket, area_a_user.email, "Hola.", to="helpdesk@localhost", headers=by_reference
    )
    assert result == {"held": 1}
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()


def test_an_inactive_agent_cannot_post(mailbox, ticket, area_a_user):
    area_a_user.is_active = False
    area_a_user.save(update_fields=["is_active"])
    assert _answer(mailbox, ticket, area_a_user.email, "Hola de nuevo.") == {"held": 1}
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()
    assert Ticket.objects.count() == 1
