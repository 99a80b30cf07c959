"""Queueing never holds the caller: without a broker (eager, ``make run``) the attempt
runs in a background thread; with a broker, a failure to queue leaves the outbox row for
``retry_due``."""

import time

import pytest
from django.db import connection

from webhooks import dispatch
from webhooks.models import Delivery


@pytest.mark.django_db(transaction=True)
def test_eager_mode_sends_in_a_background_thread_not_in_the_request(
    endpoint, receiver, make_ticket
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the thread reads the committed row on its own connection")
    receiver.hold()  # the receiver sits on the request
    started = time.monotonic()
    make_ticket()  # commits; the on-commit hook queues the delivery
    assert time.monotonic() - started < 2  # returned while the receiver still holds it
    [request] = receiver.wait_for(1)
    assert request.headers["x-helpdesk-event"] == "ticket.created"
    receiver.release()
    deadline = time.monotonic() + 10
    while Delivery.objects.get().status != Delivery.Status.DELIVERED:
        assert time.monotonic() < deadline
        time.sleep(0.1)


@pytest.mark.django_db
def test_a_broker_failure_while_queueing_is_logged_not_raised(
    endpoint, make_ticket, monkeypatch, caplog
):
    from helpdesk.celery import app
    from webhooks import tasks

    make_ticket()
    delivery = Delivery.objects.get()
    monkeypatch.setattr(app.conf, "task_always_eager", False)

    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.deliver, "apply_async", broken)
    dispatch.enqueue(delivery.pk)  # does not raise
    assert "Broker unavailable" in caplog.text
    assert Delivery.objects.get().status == Delivery.Status.PENDING  # retry_due will send it
