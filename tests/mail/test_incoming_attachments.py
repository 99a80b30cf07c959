"""Issue 27 items 5 and 6: the files of incoming mail (attachments and inline ``cid:``
images) are stored through the upload checks; refused ones are named on the entry; a reply
that is only a file becomes a comment with it."""

import pytest

from mail import threading
from mail.inbound import imap
from mail.models import InboundMessage
from tests import files
from tests.mail.helpers import message_with_files
from tickets.models import Activity, Attachment, Ticket

pytestmark = [pytest.mark.imap,
              pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")]

PDF = files.pdf().read()
PNG = files.png_bytes()
EXE = files.exe_as_pdf().read()


def test_a_new_ticket_keeps_its_pdf_and_inline_screenshot(mailbox):
    mailbox.deliver(message_with_files(
        files=[("informe.pdf", PDF, "application/pdf")],
        inline=[("captura1@mail.gmail.com", PNG, "image/png")],
    ))
    assert imap.poll() == {"ticket": 1}
    ticket = Ticket.objects.get()
    created = Activity.objects.get(ticket=ticket, type="ticketCreated")
    stored = Attachment.objects.filter(ticket=ticket, activity=created)
    assert sorted((a.name, a.mime) for a in stored) == [
        ("captura1.png", "image/png"), ("informe.pdf", "application/pdf")
    ]
    assert all(a.public and a.size > 0 for a in stored)
    assert ticket.description == "Adjunto la captura."


def test_refused_files_are_listed_and_the_rest_stored(mailbox, client_for):
    mailbox.deliver(message_with_files(
        files=[("factura.pdf", EXE, "application/pdf"), ("informe.pdf", PDF, "application/pdf")],
    ))
    assert imap.poll() == {"ticket": 1}
    ticket = Ticket.objects.get()
    assert list(Attachment.objects.filter(ticket=ticket).values_list("name", flat=True)) == [
        "informe.pdf"
    ]
    row = InboundMessage.objects.get()
    assert [f["name"] for f in row.refused] == ["factura.pdf"]
    assert "program" in row.refused[0]["reason"] or "programa" in row.refused[0]["reason"]
    page = client_for("mesa").get(f"/portal/tickets/{ticket.pk}/")
    assert "factura.pdf" in page.content.decode()  # listed on the ticket's history


def test_more_files_than_allowed_keeps_the_first_and_names_the_rest(mailbox, settings):
    settings.HELPDESK_ATTACHMENT_MAX_FILES = 2
    mailbox.deliver(message_with_files(
        files=[(f"f{i}.pdf", PDF, "application/pdf") for i in range(3)],
    ))
    assert imap.poll() == {"ticket": 1}
    assert sorted(Attachment.objects.values_list("name", flat=True)) == ["f0.pdf", "f1.pdf"]
    assert [f["name"] for f in InboundMessage.objects.get().refused] == ["f2.pdf"]


def test_a_reply_that_is_only_a_screenshot_is_a_comment_with_it(mailbox, ticket):
    mailbox.deliver(message_with_files(
        to=threading.reply_address(ticket.pk), subject=f"Re: {ticket.label}", body="",
        files=[("pantallazo.png", PNG, "image/png")],
    ))
    assert imap.poll() == {"comment": 1}
    comment = Activity.objects.get(ticket=ticket, type="comment")
    assert (comment.public, comment.data["text"]) == (True, "")
    [file] = Attachment.objects.filter(activity=comment)
    assert (file.name, file.mime, file.public) == ("pantallazo.png", "image/png", True)
    assert InboundMessage.objects.get().activity_id == comment.pk


def test_a_reply_whose_only_file_is_refused_is_held(mailbox, ticket):
    mailbox.deliver(message_with_files(
        to=threading.reply_address(ticket.pk), body="",
        files=[("factura.pdf", EXE, "application/pdf")],
    ))
    assert imap.poll() == {"held": 1}
    row = InboundMessage.objects.get()
    assert (row.kind, row.ticket, [f["name"] for f in row.refused]) == (
        "no_text", ticket, ["factura.pdf"]
    )
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()
