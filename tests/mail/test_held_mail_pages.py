"""Issue 27 item 4: agents see held and filtered mail (/portal/mail/), read it whole and
attach it to a ticket, open a ticket from it or discard it."""

import pytest

from mail import threading
from mail.inbound import process
from mail.models import InboundMessage
from tests.files import png_bytes
from tests.mail.helpers import message_with_files, raw_message
from tickets.models import Activity, Attachment, Ticket

pytestmark = pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a")


def _held_reply(ticket, sender="colega@example.com", body="Yo también lo veo."):
    raw = message_with_files(sender=sender, to=threading.reply_address(ticket.pk), body=body,
                             files=[("foto.png", png_bytes(), "image/png")])
    assert process.process_raw(raw, source="push").status == "held"
    return InboundMessage.objects.get(sender=sender)


def test_the_list_shows_held_mail_and_filtered_mail_apart(client_for, ticket):
    row = _held_reply(ticket)
    process.process_raw(raw_message(subject="Out of Office: vuelvo el lunes"), source="push")
    client = client_for("mesa")
    held = client.get("/portal/mail/").content.decode()
    assert "colega@example.com" in held and "vuelvo el lunes" not in held
    filtered = client.get("/portal/mail/?show=filtered").content.decode()
    assert "vuelvo el lunes" in filtered and "colega@example.com" not in filtered
    page = client.get(f"/portal/mail/{row.pk}/").content.decode()
    assert "Yo también lo veo." in page and "foto.png" in page
    raw = client.get(f"/portal/mail/{row.pk}/raw/")
    assert raw["Content-Disposition"].startswith("attachment") and b"colega" in raw.content


def test_area_agents_see_only_mail_of_their_areas_tickets(client_for, ticket, make_ticket,
                                                           area_b):
    mine = _held_reply(ticket)
    other = _held_reply(make_ticket(area=area_b), sender="otro@example.com")
    loose = raw_message(sender="x@example.com", subject="Out of Office: x")
    process.process_raw(loose, source="push")
    client = client_for("area_own")
    page = client.get("/portal/mail/").content.decode()
    assert "colega@example.com" in page and "otro@example.com" not in page
    assert client.get(f"/portal/mail/{mine.pk}/").status_code == 200
    assert client.get(f"/portal/mail/{other.pk}/").status_code == 404
    assert "x@example.com" not in client.get("/portal/mail/?show=filtered").content.decode()
    assert client_for("usuario").get("/portal/mail/").status_code == 403


def test_attaching_a_colleagues_mail_makes_an_internal_note_with_its_files(
    client_for, ticket, users
):
    row = _held_reply(ticket)
    response = client_for("mesa").post(f"/portal/mail/{row.pk}/attach/",
                                       {"ticket": ticket.label})
    assert response.status_code == 302
    note = Activity.objects.get(ticket=ticket, type="comment")
    assert note.public is False and note.actor == users["mesa"]
    assert "colega@example.com" in note.data["text"] and "Yo también lo veo." in note.data["text"]
    assert list(Attachment.objects.filter(activity=note).values_list("name", flat=True)) == [
        "foto.png"
    ]
    row.refresh_from_db()
    assert (row.resolution, row.resolved_by, row.activity_id) == ("attached", users["mesa"],
                                                                  note.pk)
    again = client_for("mesa").post(f"/portal/mail/{row.pk}/attach/", {"ticket": ticket.label})
    assert again.status_code == 400  # dealt with once
    assert Activity.objects.filter(ticket=ticket, type="comment").count() == 1


def test_opening_a_ticket_from_held_mail(client_for, users, settings):
    settings.HELPDESK_INBOUND_RATE = (0, 3600)  # throttled: held
    raw = raw_message(sender="Nuevo <nuevo@example.com>", subject="Sin red", body="No hay red.")
    assert process.process_raw(raw, source="push").kind == "throttled"
    row = InboundMessage.objects.get()
    response = client_for("mesa").post(f"/portal/mail/{row.pk}/open/")
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"{ticket.pk}/")
    assert (ticket.requester_email, ticket.subject, ticket.description) == (
        "nuevo@example.com", "Sin red", "No hay red."
    )
    row.refresh_from_db()
    assert (row.resolution, row.ticket) == ("opened", ticket)


def test_discarding_keeps_the_message_but_lists_it_no_more(client_for, ticket, users):
    row = _held_reply(ticket)
    client = client_for("mesa")
    assert client.post(f"/portal/mail/{row.pk}/discard/").status_code == 302
    row.refresh_from_db()
    assert (row.resolution, row.resolved_by) == ("discarded", users["mesa"])
    assert row.raw is not None
    assert "colega@example.com" not in client.get("/portal/mail/").content.decode()
    assert client.get(f"/portal/mail/{row.pk}/").status_code == 200


def test_the_ticket_page_says_mail_waits_and_links_the_whole_message(client_for, ticket):
    _held_reply(ticket)
    reply = raw_message(to=threading.reply_address(ticket.pk),
                        body="Sigue igual.\n\nEl lun, 1 dic 2026, Mesa escribió:\n> Hola")
    assert process.process_raw(reply, source="push").status == "comment"
    source = InboundMessage.objects.get(status="comment")
    page = client_for("mesa").get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert "1 message about this ticket waits for review" in page or "espera revisión" in page
    assert f"/portal/mail/{source.pk}/" in page  # "show the whole message"
    whole = client_for("mesa").get(f"/portal/mail/{source.pk}/").content.decode()
    assert "Mesa escribió:" in whole  # the quote trimmed from the comment is there


def test_the_list_pages_by_keyset_and_filters_one_ticket(client_for, ticket, make_ticket,
                                                         monkeypatch):
    from mail import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    other = make_ticket()
    for i in range(3):
        _held_reply(ticket, sender=f"c{i}@example.com")
    _held_reply(other, sender="otro@example.com")
    client = client_for("mesa")
    first = client.get("/portal/mail/")
    assert [r.sender for r in first.context["rows"]] == ["otro@example.com", "c2@example.com"]
    older = first.context["page"].older
    second = client.get("/portal/mail/", {"after": older})
    assert [r.sender for r in second.context["rows"]] == ["c1@example.com", "c0@example.com"]
    mine = client.get("/portal/mail/", {"ticket": str(other.pk)})
    assert [r.sender for r in mine.context["rows"]] == ["otro@example.com"]
