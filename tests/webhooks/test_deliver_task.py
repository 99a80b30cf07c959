"""One delivery attempt against a real local receiver: signed, logged, retried with
backoff, given up after the last attempt, never sent twice, bounded in time as a whole (the
failure window that disables an endpoint: test_failure_window.py)."""

import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.webhooks.receiver import Receiver, verify_signature
from webhooks import dispatch, tasks
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(endpoint, make_ticket) -> Delivery:
    make_ticket()
    return Delivery.objects.get(endpoint=endpoint)


def reload(delivery: Delivery) -> Delivery:
    return Delivery.objects.get(pk=delivery.pk)


def test_delivered_request_is_signed_and_names_its_event(delivery, receiver, endpoint):
    outcome = tasks.attempt(delivery.pk)
    assert outcome.ok
    [request] = receiver.wait_for(1)
    assert request.path == "/hooks/helpdesk"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-helpdesk-event-id"] == str(delivery.pk)
    assert request.headers["x-helpdesk-event"] == "ticket.created"
    assert verify_signature(endpoint.secret, request.headers["x-helpdesk-signature"], request.body)
    assert not verify_signature(
        "other-secret", request.headers["x-helpdesk-signature"], request.body
    )
    assert not verify_signature(
        endpoint.secret, request.headers["x-helpdesk-signature"], request.body + b" "
    )
    body = json.loads(request.body)
    assert body["id"] == str(delivery.pk) and body["type"] == "ticket.created"
    assert body["data"]["ticket"]["id"] == str(delivery.ticket_id)
    row = reload(delivery)
    assert row.status == Delivery.Status.DELIVERED and row.attempts == 1
    assert row.last_status_code == 200 and row.last_error == ""
    assert row.last_latency_ms is not None and row.delivered_at is not None


def test_a_delivered_event_is_never_sent_again(delivery, receiver):
    assert tasks.attempt(delivery.pk).sent
    for _ in range(3):
        assert not tasks.attempt(delivery.pk).sent
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert tasks.retry_due() == 0
    assert len(receiver.wait_for(2, timeout=0.5)) == 1


def test_a_delivery_being_sent_is_not_sent_by_a_second_run(delivery, receiver):
    Delivery.objects.filter(pk=delivery.pk).update(
        lease_until=timezone.now() + timedelta(minutes=1)
    )
    assert not tasks.attempt(delivery.pk).sent
    assert receiver.requests == []


def test_failure_is_logged_and_retried_with_exponential_backoff(endpoint, make_ticket, settings):
    settings.HELPDESK_WEBHOOK_RETRY_BASE = 30
    failing = Receiver(statuses=[500]).start()
    try:
        Endpoint.objects.filter(pk=endpoint.pk).update(url=failing.url)
        make_ticket()
        delivery = Delivery.objects.get()
        waits = []
        for attempt in range(1, 5):
            before = timezone.now()
            outcome = tasks.attempt(delivery.pk)
            assert outcome.sent and not outcome.ok
            row = reload(delivery)
            assert row.status == Delivery.Status.PENDING and row.attempts == attempt
            assert row.last_status_code == 500 and row.last_error.startswith("HTTP 500")
            waits.append(outcome.retry_in)
            assert row.next_attempt_at >= before + timedelta(seconds=outcome.retry_in)
            assert not tasks.attempt(delivery.pk).sent  # not due yet
            Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        assert waits == [30, 60, 120, 240]
    finally:
        failing.stop()


def test_backoff_spans_about_a_day_with_the_defaults(settings):
    settings.HELPDESK_WEBHOOK_RETRY_BASE = 30
    settings.HELPDESK_WEBHOOK_RETRY_MAX = 6 * 3600
    settings.HELPDESK_WEBHOOK_MAX_ATTEMPTS = 14
    total = sum(tasks.backoff(n) for n in range(1, 14))
    assert timedelta(hours=20) < timedelta(seconds=total) < timedelta(hours=30)
    assert tasks.backoff(13) == 6 * 3600


def test_gives_up_after_the_last_attempt(endpoint, make_ticket, settings):
    settings.HELPDESK_WEBHOOK_MAX_ATTEMPTS = 3
    Endpoint.objects.filter(pk=endpoint.pk).update(url="http://127.0.0.1:9/closed")
    make_ticket()
    delivery = Delivery.objects.get()
    for _ in range(3):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        tasks.attempt(delivery.pk)
    row = reload(delivery)
    assert row.status == Delivery.Status.FAILED and row.attempts == 3
    assert "ConnectionRefused" in row.last_error and row.last_status_code is None
    assert not tasks.attempt(delivery.pk).sent


def test_slow_receiver_times_out_quickly(delivery, receiver, settings):
    settings.HELPDESK_WEBHOOK_TIMEOUT = 1
    receiver.hold()
    started = time.monotonic()
    outcome = tasks.attempt(delivery.pk)
    receiver.release()
    assert not outcome.ok and time.monotonic() - started < 5
    assert "timed out" in reload(delivery).last_error


def test_a_receiver_trickling_its_answer_is_cut_off_within_the_timeout_and_the_lease(
    endpoint, make_ticket, settings
):
    """Each read gets a byte, so only a bound on the whole attempt stops it; the attempt ends
    well inside its lease, so no retry can start while it may still be in flight."""
    settings.HELPDESK_WEBHOOK_TIMEOUT = 1
    slow = Receiver(trickle=8).start()
    try:
        Endpoint.objects.filter(pk=endpoint.pk).update(url=slow.url)
        make_ticket()
        delivery = Delivery.objects.get()
        started = time.monotonic()
        outcome = tasks.attempt(delivery.pk)
        elapsed = time.monotonic() - started
    finally:
        slow.stop()
    assert not outcome.ok and elapsed < 3
    assert elapsed < tasks._lease().total_seconds()
    row = reload(delivery)
    assert "timed out" in row.last_error and row.lease_until is None
    assert row.status == Delivery.Status.PENDING and row.attempts == 1
    assert len(slow.requests) == 1


def test_success_resets_the_failure_run_and_reenabling_clears_it(endpoint, delivery):
    Endpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=5, failing_since=timezone.now() - timedelta(minutes=30)
    )
    tasks.attempt(delivery.pk)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0 and endpoint.failing_since is None
    Endpoint.objects.filter(pk=endpoint.pk).update(
        active=False, disabled_at=timezone.now(), consecutive_failures=20
    )
    endpoint.refresh_from_db()
    endpoint.active = True
    endpoint.save()
    endpoint.refresh_from_db()
    assert endpoint.disabled_at is None and endpoint.consecutive_failures == 0


def test_retry_due_queues_only_due_free_pending_deliveries(endpoint, make_ticket, monkeypatch):
    for _ in range(4):
        make_ticket()
    due, later, leased, done = Delivery.objects.order_by("created_at")
    now = timezone.now()
    Delivery.objects.filter(pk=later.pk).update(next_attempt_at=now + timedelta(hours=1))
    Delivery.objects.filter(pk=leased.pk).update(lease_until=now + timedelta(minutes=1))
    Delivery.objects.filter(pk=done.pk).update(status=Delivery.Status.DELIVERED)
    queued = []
    monkeypatch.setattr(dispatch, "enqueue", lambda pk, **kw: queued.append(str(pk)))
    assert tasks.retry_due() == 1
    assert queued == [str(due.pk)]
