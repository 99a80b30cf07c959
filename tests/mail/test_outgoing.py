"""Who gets which e-mail, and how it is threaded."""

import pytest

from mail import outbox, threading
from mail.models import Delivery
from tests.mail.helpers import record_sla_alert
from tickets import services
from tickets.access import Requester


@pytest.fixture
def agent_alerts(settings):
    """The mail app's own agent e-mail (off by default: the notifications app's digests)."""
    settings.HELPDESK_MAIL_AGENT_ALERTS = True


def test_new_ticket_mails_the_requester_as_the_thread_root(make_ticket, commit, send_queued_mail):
    ticket = commit(make_ticket)
    [message] = send_queued_mail()
    assert message.to == ["laura@example.com"]
    assert ticket.label in message.subject and ticket.label in message.body
    assert message.extra_headers["Message-ID"] == threading.thread_id(ticket.pk)
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.reply_to == [threading.reply_address(ticket.pk)]
    assert threading.ticket_id_from_addresses(message.reply_to) == ticket.pk


def test_follow_up_mail_answers_the_thread(ticket, mesa_user, commit, send_queued_mail):
    send_queued_mail()
    commit(services.ticket_comment, actor=mesa_user, ticket=ticket, text="Vamos en camino.")
    message = send_queued_mail()[-1]
    root = threading.thread_id(ticket.pk)
    assert message.extra_headers["In-Reply-To"] == root == message.extra_headers["References"]
    assert message.extra_headers["Message-ID"] != root
    assert threading.ticket_id_from_message_ids([message.extra_headers["Message-ID"]]) == ticket.pk
    assert "Vamos en camino." in message.body and "mesa@example.com" not in message.body


def test_solving_with_a_response_sends_one_mail_that_carries_it(
    ticket, mesa_user, commit, send_queued_mail
):
    send_queued_mail().clear()
    commit(
        services.ticket_update,
        actor=mesa_user,
        ticket=ticket,
        status="RESUELTO",
        response="Tóner cambiado.",
    )
    [message] = send_queued_mail()
    assert ticket.label in message.subject
    assert "Tóner cambiado." in message.body


def test_each_status_change_mails_the_requester_once(ticket, mesa_user, commit, send_queued_mail):
    send_queued_mail().clear()
    commit(
        services.ticket_update,
        actor=mesa_user,
        ticket=ticket,
        status="EN_PROCESO",
        response="Vamos en camino.",
    )
    commit(services.ticket_pause, actor=mesa_user, ticket=ticket, reason="Repuesto")
    sent = send_queued_mail()
    assert len(sent) == 2
    assert "Vamos en camino." in sent[0].body
    assert "Repuesto" not in sent[1].body  # reasons are internal


def test_internal_note_and_priority_change_mail_nobody(ticket, mesa_user, commit, send_queued_mail):
    send_queued_mail().clear()
    commit(
        services.ticket_comment, actor=mesa_user, ticket=ticket, text="Solo agentes", public=False
    )
    commit(services.ticket_update, actor=mesa_user, ticket=ticket, priority="ALTA")
    assert send_queued_mail() == []


def test_requester_comment_mails_the_assignee(
    agent_alerts, make_ticket, requester, mesa_user, area_a_user, commit, send_queued_mail
):
    ticket = commit(make_ticket, requester=requester)
    commit(services.ticket_assign, actor=mesa_user, ticket=ticket, assignee=area_a_user)
    send_queued_mail().clear()
    commit(services.ticket_comment, actor=requester, ticket=ticket, text="Sigue fallando.")
    [message] = send_queued_mail()
    assert message.to == [area_a_user.email]
    assert "Sigue fallando." in message.body
    assert f"/portal/tickets/{ticket.pk}/" in message.body
    # The agent may answer from their mail client (mail.inbound.process).
    assert message.reply_to == [threading.reply_address(ticket.pk)]


def test_requester_reply_by_email_on_unassigned_ticket_mails_the_area_agents(
    agent_alerts, ticket, area_a_user, area_b_user, users, commit, send_queued_mail
):
    send_queued_mail().clear()
    commit(
        services.ticket_requester_reply,
        actor=Requester("LAURA@example.com"),
        ticket=ticket,
        text="Sigue fallando.",
    )
    sent = send_queued_mail()
    assert [m.to for m in sent] == [[area_a_user.email]]  # not area B, not the desk


@pytest.mark.parametrize("kind", ["warning", "breach"])
def test_sla_alert_mails_the_assignee(
    agent_alerts, ticket, mesa_user, area_a_user, commit, send_queued_mail, kind
):
    commit(services.ticket_assign, actor=mesa_user, ticket=ticket, assignee=area_a_user)
    send_queued_mail().clear()
    commit(record_sla_alert, ticket, kind)
    [message] = send_queued_mail()
    assert message.to == [area_a_user.email]
    expected = {"breach": "ANS incumplido", "warning": "ANS por vencer"}[kind]  # Spanish default
    assert message.subject == f"{expected}: ticket {ticket.label}"
    assert f"/portal/tickets/{ticket.pk}/" in message.body
    assert message.reply_to == [threading.reply_address(ticket.pk)]  # answered by e-mail


def test_sla_alert_on_unassigned_ticket_mails_the_active_agents_of_its_area(
    agent_alerts, ticket, area_a_user, area_b_user, location, commit, send_queued_mail
):
    from tests.conftest import _user

    other = _user("tec2@example.com", "AREA", area_a_user.area, location, "manager")
    gone = _user("tec3@example.com", "AREA", area_a_user.area, location, "manager")
    gone.is_active = False
    gone.save()
    send_queued_mail().clear()
    commit(record_sla_alert, ticket, "warning")
    assert sorted(m.to[0] for m in send_queued_mail()) == [other.email, area_a_user.email]


def test_agent_mail_is_left_to_the_notifications_digests_by_default(
    make_ticket, requester, mesa_user, area_a_user, commit, send_queued_mail
):
    ticket = commit(make_ticket, requester=requester)
    commit(services.ticket_assign, actor=mesa_user, ticket=ticket, assignee=area_a_user)
    send_queued_mail().clear()
    commit(services.ticket_comment, actor=requester, ticket=ticket, text="Sigue fallando.")
    commit(record_sla_alert, ticket, "breach")
    assert send_queued_mail() == []
    assert not Delivery.objects.filter(recipient=area_a_user.email).exists()


def test_a_delivery_run_twice_sends_once(ticket, send_queued_mail, mailoutbox):
    pk = Delivery.objects.get().pk
    assert outbox.deliver(pk) == "sent"
    assert outbox.deliver(pk) == "skipped"
    send_queued_mail()  # the queued hand-off runs too
    assert len(mailoutbox) == 1


def test_smtp_refusing_for_good_fails_the_row_without_retrying(ticket, settings):
    settings.EMAIL_BACKEND = "tests.mail.backends.PermanentRefusal"
    pk = Delivery.objects.get().pk
    assert outbox.deliver(pk) == "failed"
    row = Delivery.objects.get()
    assert row.status == Delivery.Status.FAILED and "550" in row.last_error


def test_smtp_unreachable_keeps_the_row_pending_with_backoff(ticket, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    pk = Delivery.objects.get().pk
    with pytest.raises(outbox.TemporaryFailure):
        outbox.deliver(pk)
    row = Delivery.objects.get()
    assert (row.status, row.attempts) == (Delivery.Status.PENDING, 1)
    assert row.next_attempt_at > row.created_at and "Connection" in row.last_error


def test_gives_up_after_the_last_attempt(ticket, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    settings.HELPDESK_MAIL_MAX_ATTEMPTS = 2
    pk = Delivery.objects.get().pk
    with pytest.raises(outbox.TemporaryFailure):
        outbox.deliver(pk)
    assert outbox.deliver(pk) == "failed"
    assert outbox.deliver(pk) == "skipped"


def test_seed_demo_queues_no_mail(db):
    from django.core.management import call_command

    call_command(
        "seed_demo",
        tickets=3,
        not_production=True,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    assert Delivery.objects.count() == 0


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
