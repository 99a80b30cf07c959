"""A worker SIGKILLed in the middle of sending an e-mail (issue 27 item 15), through a real
Celery worker and the SMTP sink: killed before DATA, nothing was handed over and the mail is
sent again; killed after DATA began, the server may have it and it is never sent again."""

import signal
import time

import pytest

from helpdesk.celery import app
from mail.models import Delivery
from mail.tasks import sweep_outbox
from tests.worker import killable_worker  # noqa: F401 - fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _ticket_sent_by(worker, celery_worker, make_ticket):
    """Create a ticket whose "received" mail is queued to ``worker`` only."""
    app.conf.task_default_queue = worker.queue
    try:
        return make_ticket()
    finally:
        app.conf.task_default_queue = celery_worker.queue


def _kill(worker) -> None:
    worker.proc.send_signal(signal.SIGKILL)
    worker.proc.wait(timeout=10)


def test_a_worker_killed_before_data_leaves_the_mail_to_be_sent_again(
    celery_worker, killable_worker, smtp_sink, make_ticket, settings  # noqa: F811
):
    doomed = killable_worker(EMAIL_TIMEOUT="60")
    smtp_sink.silent()  # accepts the connection, never greets: the sender waits before DATA
    ticket = _ticket_sent_by(doomed, celery_worker, make_ticket)
    assert _wait(lambda: Delivery.objects.get().status == "sending")
    time.sleep(0.3)  # it is connecting now
    _kill(doomed)
    row = Delivery.objects.get()
    assert row.status == "sending" and row.handed_over_at is None
    smtp_sink.up()
    settings.HELPDESK_MAIL_CLAIM_SECONDS = 1
    time.sleep(1.2)
    assert sweep_outbox() == 1  # what beat runs every minute
    [message] = smtp_sink.wait_for(1)
    assert message["To"] == ticket.requester_email and ticket.label in message["Subject"]
    assert _wait(lambda: Delivery.objects.get().status == "sent")
    row = Delivery.objects.get()
    assert row.attempts == 2 and row.handed_over_at is not None
    assert message["Message-ID"].strip() == row.message_id
    time.sleep(2)
    assert len(smtp_sink.received()) == 1


def test_a_worker_killed_after_data_began_never_sends_the_mail_again(
    celery_worker, killable_worker, smtp_sink, make_ticket, settings  # noqa: F811
):
    doomed = killable_worker(EMAIL_TIMEOUT="60")
    smtp_sink.hold_data()  # the whole message arrives; the "250" is withheld
    try:
        _ticket_sent_by(doomed, celery_worker, make_ticket)
        assert smtp_sink.data_started.wait(30)
        _kill(doomed)
    finally:
        smtp_sink.release_data()  # the server keeps what it was given
    row = Delivery.objects.get()
    assert row.status == "sending" and row.handed_over_at is not None
    settings.HELPDESK_MAIL_CLAIM_SECONDS = 1
    settings.HELPDESK_MAIL_STALE_SECONDS = 1
    time.sleep(1.2)
    assert sweep_outbox() == 0
    row = Delivery.objects.get()
    assert row.status == "failed" and "may or may not have left" in row.last_error
    time.sleep(2)
    assert len(smtp_sink.received()) == 1
