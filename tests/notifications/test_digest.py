"""Notification e-mail: one digest per agent for what arrived within the window, checked
again at send time, sent once, and put back for a retry when SMTP refuses."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mail import threading
from notifications import tasks
from notifications.models import EmailState, Notification
from tickets import services

pytestmark = pytest.mark.django_db


def _three_for(users, ticket):
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    for text in ("¿lo revisas?", "urgente"):
        services.ticket_comment(
            actor=users["mesa"],
            ticket=ticket,
            text=f"@{users['area_own'].email} {text}",
            public=False,
        )
    assert Notification.objects.filter(email_state=EmailState.PENDING).count() == 3


def test_three_notifications_in_the_window_make_one_email_listing_three(users, ticket):
    mail.outbox.clear()
    _three_for(users, ticket)
    assert tasks.deliver(str(users["area_own"].pk)) == 3
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [users["area_own"].email]
    assert message.body.count(ticket.label) == 3
    assert "3" in message.subject
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}
    assert tasks.deliver(str(users["area_own"].pk)) == 0  # a second run sends nothing
    assert len(mail.outbox) == 1


def test_sweep_sends_only_digests_whose_window_has_passed(users, ticket, settings):
    settings.HELPDESK_NOTIFICATION_DIGEST_SECONDS = 120
    mail.outbox.clear()
    _three_for(users, ticket)
    assert tasks.send_pending_digests() == 0
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=3))
    assert tasks.send_pending_digests() == 3
    assert len(mail.outbox) == 1


def test_a_ticket_transferred_away_before_sending_is_dropped_from_the_digest(users, ticket, area_b):
    mail.outbox.clear()
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    services.ticket_transfer(actor=users["mesa"], ticket=ticket, area=area_b)
    own = Notification.objects.get(recipient=users["area_own"])
    assert tasks.deliver(str(users["area_own"].pk)) == 0
    own.refresh_from_db()
    assert own.email_state == EmailState.DROPPED
    assert not [m for m in mail.outbox if users["area_own"].email in m.to]


def test_smtp_refusal_puts_the_notifications_back_for_the_retry(users, ticket, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    _three_for(users, ticket)
    with pytest.raises(OSError):
        tasks.deliver(str(users["area_own"].pk))
    assert Notification.objects.filter(email_state=EmailState.PENDING).count() == 3


def test_without_a_broker_nothing_is_sent_inside_the_request(users, ticket, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # what a desk without REDIS_URL runs
    mail.outbox.clear()
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    assert not [m for m in mail.outbox if users["area_own"].email in m.to]
    assert Notification.objects.get().email_state == EmailState.PENDING


def test_a_digest_about_one_ticket_carries_its_reply_address(users, ticket, make_ticket):
    mail.outbox.clear()
    _three_for(users, ticket)
    tasks.deliver(str(users["area_own"].pk))
    [message] = mail.outbox
    assert message.reply_to == [threading.reply_address(ticket.pk)]  # answered by e-mail
    other = make_ticket(subject="Otra")
    for each in (ticket, other):
        services.ticket_comment(
            actor=users["mesa"], ticket=each, text=f"@{users['area_own'].email} mira", public=False
        )
    tasks.deliver(str(users["area_own"].pk))
    assert mail.outbox[-1].reply_to == []  # two tickets: no single address to answer
