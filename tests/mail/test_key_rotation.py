"""Rotating SECRET_KEY the documented way (the old key in SECRET_KEY_FALLBACKS) keeps every
thread: old tokens and Message-IDs still name their ticket, and a ticket's root Message-ID
never changes once its first mail went out."""

import pytest

from mail import threading
from tests.mail.helpers import push, raw_message
from tickets import services
from tickets.models import Activity, Ticket

pytestmark = pytest.mark.usefixtures(
    "location", "priorities", "area_mesa", "area_a", "inbound_secret"
)
NEW_KEY = "a-brand-new-secret-key-for-the-rotation-test-0123456789-abcdefghij"  # noqa: S105


@pytest.fixture
def rotate(settings):
    def run(*, keep_old=True):
        old = settings.SECRET_KEY
        settings.SECRET_KEY = NEW_KEY
        settings.SECRET_KEY_FALLBACKS = [old] if keep_old else []

    return run


@pytest.fixture
def sent_ticket(make_ticket, commit, send_queued_mail):
    ticket = commit(make_ticket)
    [created] = send_queued_mail()
    return ticket, created


def test_after_a_rotation_the_next_mail_keeps_the_root_the_first_one_carried(
    sent_ticket, mesa_user, rotate, commit, send_queued_mail
):
    ticket, created = sent_ticket
    root = created.extra_headers["Message-ID"]
    rotate()
    assert threading.thread_id(ticket.pk) != root  # the current key alone would start anew
    commit(services.ticket_comment, actor=mesa_user, ticket=ticket, text="Vamos en camino.")
    later = send_queued_mail()[-1]
    assert later.extra_headers["In-Reply-To"] == root == later.extra_headers["References"]
    assert later.extra_headers["Message-ID"].endswith(root[1:])  # the same thread token


def test_replies_to_old_mail_keep_threading_under_the_fallback_key(client, sent_ticket, rotate):
    ticket, created = sent_ticket
    old_reply_to = created.reply_to[0]
    rotate()
    by_token = raw_message(to=old_reply_to, subject="Re: x", body="Sigue igual.")
    by_reference = raw_message(
        subject="Re: x",
        body="Y ahora tampoco.",
        headers={"References": created.extra_headers["Message-ID"]},
    )
    assert push(client, by_token).json()["status"] == "comment"
    assert push(client, by_reference).json()["status"] == "comment"
    assert Ticket.objects.count() == 1
    texts = Activity.objects.filter(ticket=ticket, type="comment").values_list("data", flat=True)
    assert sorted(t["text"] for t in texts) == ["Sigue igual.", "Y ahora tampoco."]


def test_a_root_id_already_sent_threads_even_after_the_old_key_is_dropped(
    client, sent_ticket, rotate
):
    ticket, created = sent_ticket
    rotate(keep_old=False)
    reply = raw_message(
        subject="Re: x",
        body="Hola de nuevo.",
        headers={"In-Reply-To": created.extra_headers["Message-ID"]},
    )
    assert push(client, reply).json()["status"] == "comment"
    assert Ticket.objects.count() == 1


def test_a_made_up_root_id_names_no_ticket(client, ticket):
    forged = f"<ticket.{ticket.pk.hex}.0123456789abcdef@localhost>"
    reply = raw_message(subject="Re: x", body="Hola.", headers={"In-Reply-To": forged})
    assert push(client, reply).json()["status"] == "ticket"
    assert not Activity.objects.filter(ticket=ticket, type="comment").exists()


def test_a_new_mail_domain_keeps_the_root_already_sent(
    sent_ticket, mesa_user, settings, commit, send_queued_mail
):
    ticket, created = sent_ticket
    settings.HELPDESK_MAIL_DOMAIN = "mesa.example.org"
    commit(services.ticket_comment, actor=mesa_user, ticket=ticket, text="Vamos en camino.")
    later = send_queued_mail()[-1]
    assert later.extra_headers["References"] == created.extra_headers["Message-ID"]
