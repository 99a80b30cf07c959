"""End to end through the broker: a real ``celery -A helpdesk worker`` on Redis delivers
webhooks to a real local receiver. Skipped without REDIS_URL and PostgreSQL (CI has both)."""

import json
import time

from core import broker
from tests.webhooks.receiver import Receiver, verify_signature
from webhooks import tasks
from webhooks.models import Delivery


def wait_until(condition, timeout=45, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_created_ticket_reaches_the_receiver_signed(celery_worker, endpoint, receiver, make_ticket):
    ticket = make_ticket()  # commits: the outbox row, then the task on the worker's queue
    [request] = receiver.wait_for(1, timeout=45)
    assert verify_signature(endpoint.secret, request.headers["x-helpdesk-signature"], request.body)
    body = json.loads(request.body)
    assert body["type"] == "ticket.created"
    assert body["data"]["ticket"]["id"] == str(ticket.pk)
    delivery = Delivery.objects.get()
    assert request.headers["x-helpdesk-event-id"] == body["id"] == str(delivery.pk)
    wait_until(
        lambda: Delivery.objects.get().status == Delivery.Status.DELIVERED, what="delivered row"
    )
    assert Delivery.objects.get().attempts == 1
    assert "Task webhooks.deliver[" in celery_worker.output()  # run by the worker, not here


def test_failing_receiver_is_retried_then_succeeds(celery_worker, make_endpoint, make_ticket):
    flaky = Receiver(statuses=[503, 500, 200]).start()
    try:
        endpoint = make_endpoint(flaky.url)
        make_ticket()
        requests = flaky.wait_for(3, timeout=60)
        assert len(requests) == 3, celery_worker.output()[-2000:]
        wait_until(
            lambda: Delivery.objects.get().status == Delivery.Status.DELIVERED,
            what="delivered after retries",
        )
        delivery = Delivery.objects.get()
        assert delivery.attempts == 3 and delivery.last_status_code == 200
        assert {r.headers["x-helpdesk-event-id"] for r in requests} == {str(delivery.pk)}
        for request in requests:
            assert verify_signature(
                endpoint.secret, request.headers["x-helpdesk-signature"], request.body
            )
        time.sleep(2)  # nothing more arrives once delivered
        assert len(flaky.requests) == 3
    finally:
        flaky.stop()


def test_a_task_queued_several_times_posts_once(celery_worker, endpoint, receiver, make_ticket):
    receiver.hold()  # the first run is mid-request while its copies are queued
    make_ticket()
    delivery = Delivery.objects.get()
    receiver.wait_for(1, timeout=45)
    for _ in range(3):
        tasks.deliver.apply_async((str(delivery.pk),), queue=celery_worker.queue)
    tasks.retry_due()  # the sweeper finds it leased: queues nothing
    receiver.release()
    wait_until(lambda: Delivery.objects.get().status == Delivery.Status.DELIVERED, what="row")
    time.sleep(3)  # the copies run and find it delivered
    assert len(receiver.requests) == 1
    assert Delivery.objects.get().attempts == 1
    assert "succeeded" in celery_worker.output()


def test_an_event_whose_message_was_lost_is_sent_by_the_sweep(
    celery_worker, endpoint, receiver, make_ticket, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.deliver, "apply_async", broker_down)
        make_ticket()  # committed, with its outbox row; queueing failed
    broker.publisher().reset()  # a minute later, when beat sweeps, the broker answers again
    time.sleep(1)
    assert receiver.requests == []
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    assert tasks.retry_due() == 1  # what beat runs every minute
    [request] = receiver.wait_for(1, timeout=45)
    assert verify_signature(endpoint.secret, request.headers["x-helpdesk-signature"], request.body)
    wait_until(lambda: Delivery.objects.get().status == Delivery.Status.DELIVERED, what="row")
