"""Incoming e-mail from a real IMAP server (Dovecot): new messages open tickets, replies
become comments on the right ticket, automatic and foreign messages are ignored, and a run
that dies half way loses and duplicates nothing."""

import pytest

from mail import threading
from mail.inbound import imap, process
from mail.models import Delivery, InboundMessage
from tests.mail.helpers import raw_message
from tickets import services
from tickets.models import Activity, Status, Ticket
from tickets.selectors.history import timeline

pytestmark = [
    pytest.mark.imap,
    pytest.mark.usefixtures("location", "priorities", "area_mesa", "area_a"),
]


def test_a_new_message_opens_a_ticket_like_the_public_form(mailbox):
    mailbox.deliver(
        raw_message(
            sender="Laura Gómez <Laura@Example.com>",
            subject="Impresora",
            body="La impresora no imprime.\n\n-- \nLaura\nContabilidad",
        )
    )
    assert imap.poll() == {"ticket": 1}
    ticket = Ticket.objects.get()
    assert (ticket.requester_email, ticket.requester_name) == ("laura@example.com", "Laura Gómez")
    assert ticket.area.code == "MESA" and ticket.registration_ip is None
    assert ticket.subject == "Impresora" and ticket.description == "La impresora no imprime."
    assert Delivery.objects.get().template == "ticket_created"  # the requester is told
    assert mailbox.messages() == []  # processed messages leave the folder


def test_processed_messages_go_to_the_archive_folder_when_set(mailbox, settings):
    settings.HELPDESK_IMAP_ARCHIVE_FOLDER = "Processed"
    mailbox.deliver(raw_message())
    imap.poll()
    assert mailbox.messages() == []
    assert len(mailbox.messages("Processed")) == 1


def test_a_reply_becomes_a_comment_on_the_right_ticket(mailbox, make_ticket):
    first = make_ticket(requester_email="laura@example.com")
    second = make_ticket(requester_email="laura@example.com", subject="Otra")
    by_token = raw_message(
        to=threading.reply_address(second.pk),
        subject=f"Re: Your ticket {second.label}",
        body="Ya probé reiniciarla.\n\nOn Tue, 1 Dec 2026 at 10:00 Helpdesk wrote:\n> Hola",
    )
    by_thread = raw_message(
        subject="Re: hola",
        body="Sigue igual.\n> cita",
        headers={"In-Reply-To": threading.thread_id(first.pk)},
    )
    mailbox.deliver(by_token)
    mailbox.deliver(by_thread)
    assert imap.poll() == {"comment": 2}
    [c2] = Activity.objects.filter(ticket=second, type="comment")
    [c1] = Activity.objects.filter(ticket=first, type="comment")
    assert (c2.data["text"], c2.public) == ("Ya probé reiniciarla.", True)
    assert c1.data["text"] == "Sigue igual."
    assert c1.actor is None and c1.actor_snapshot["rol"] == "ANONIMO"
    assert Ticket.objects.count() == 2


def test_an_auto_reply_is_filtered_and_a_stranger_quoting_a_token_is_held(mailbox, ticket):
    token_address = threading.reply_address(ticket.pk)
    mailbox.deliver(
        raw_message(
            to=token_address,
            body="Estoy de vacaciones.",
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    mailbox.deliver(
        raw_message(to=token_address, body="Fuera de la oficina.", headers={"X-Autoreply": "yes"})
    )
    mailbox.deliver(
        raw_message(sender="intruso@example.net", to=token_address, body="Ciérrenlo ya.")
    )
    mailbox.deliver(
        raw_message(
            sender="intruso@example.net",
            body="Re: eso",
            headers={"In-Reply-To": threading.thread_id(ticket.pk)},
        )
    )
    assert imap.poll() == {"ignored": 2, "held": 2}
    assert not Activity.objects.filter(type="comment").exists()
    assert Ticket.objects.count() == 1
    rows = InboundMessage.objects.all()
    assert sorted((r.status, r.kind) for r in rows) == [
        ("held", "not_requester"), ("held", "not_requester"),
        ("ignored", "automatic"), ("ignored", "automatic"),
    ]
    assert all(r.raw and bytes(r.raw).startswith(b"From:") for r in rows)  # kept whole
    assert mailbox.messages() == []


def test_a_reply_to_an_archived_ticket_opens_a_new_one_that_follows_it(mailbox, ticket, mesa_user):
    services.ticket_archive(actor=mesa_user, ticket=ticket, reason="Viejo")
    mailbox.deliver(raw_message(to=threading.reply_address(ticket.pk), body="Volvió a fallar."))
    assert imap.poll() == {"ticket": 1}
    new = Ticket.objects.exclude(pk=ticket.pk).get()
    assert new.description == "Volvió a fallar."
    created = Activity.objects.get(ticket=new, type="ticketCreated")
    assert created.data["follows"] == ticket.label
    [entry] = timeline([created])  # agents read which ticket it continues
    assert [(c.label, c.after) for c in entry.changes if c.field == "follows"] == [
        ("Continuación de", ticket.label)
    ]
    ticket.refresh_from_db()
    assert ticket.status == Status.ARCHIVADO


def test_the_same_message_read_twice_is_processed_once(mailbox):
    raw = raw_message(message_id="<once@client.example>")
    mailbox.deliver(raw)
    mailbox.deliver(raw)
    assert imap.poll() == {"ticket": 1, "duplicate": 1}
    assert Ticket.objects.count() == 1


def test_a_crash_in_the_middle_of_a_batch_loses_and_duplicates_nothing(mailbox, monkeypatch):
    for i in range(5):
        mailbox.deliver(raw_message(sender=f"r{i}@example.com", subject=f"Caso {i}"))
    real_done, calls = imap._done, []

    def crash_after_the_second_commit(conn, uid, archive):
        calls.append(uid)
        if len(calls) == 2:  # message 2 is processed and committed, not yet removed
            raise SystemExit("worker killed")
        real_done(conn, uid, archive)

    monkeypatch.setattr(imap, "_done", crash_after_the_second_commit)
    with pytest.raises(SystemExit):
        imap.poll()
    assert Ticket.objects.count() == 2
    monkeypatch.setattr(imap, "_done", real_done)
    assert imap.poll() == {"duplicate": 1, "ticket": 3}
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == [
        f"Caso {i}" for i in range(5)
    ]
    assert InboundMessage.objects.count() == 5
    assert mailbox.messages() == []


def test_a_message_that_fails_stays_in_the_mailbox_for_the_next_run(mailbox, monkeypatch):
    mailbox.deliver(raw_message(sender="ok@example.com", subject="Bien"))
    mailbox.deliver(raw_message(sender="mala@example.com", subject="Falla"))
    real = process._new_ticket

    def database_trouble(p, **kwargs):
        if p.sender == "mala@example.com":
            raise RuntimeError("database went away")
        return real(p, **kwargs)

    monkeypatch.setattr(process, "_new_ticket", database_trouble)
    assert imap.poll() == {"ticket": 1, "failed": 1}
    assert len(mailbox.messages()) == 1
    assert InboundMessage.objects.get(sender="mala@example.com").status == "failed"
    monkeypatch.setattr(process, "_new_ticket", real)
    assert imap.poll() == {"ticket": 1}
    assert Ticket.objects.count() == 2 and mailbox.messages() == []


def test_an_oversize_message_is_held_whole(mailbox, settings):
    settings.HELPDESK_INBOUND_MAX_BYTES = 2000
    raw = raw_message(body="x" * 5000)
    mailbox.deliver(raw)
    assert imap.poll() == {"held": 1}
    row = InboundMessage.objects.get()
    assert "size limit" in row.reason and row.kind == "oversize"
    assert bytes(row.raw).replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")
    assert Ticket.objects.count() == 0
