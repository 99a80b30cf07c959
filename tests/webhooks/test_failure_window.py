"""An endpoint is disabled only when every attempt has failed for a whole window
(``HELPDESK_WEBHOOK_DISABLE_AFTER_SECONDS``), never by a count of attempts; while disabled
its events are kept as *held* (issue 27 item 17), never failed or dropped."""

from datetime import timedelta

import pytest
from django.utils import timezone

from webhooks import tasks
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db
CLOSED = "http://127.0.0.1:9/closed"  # nothing listens: connection refused


@pytest.fixture
def dead_endpoint(make_endpoint):
    endpoint = make_endpoint("http://127.0.0.1:9/placeholder")
    Endpoint.objects.filter(pk=endpoint.pk).update(url=CLOSED)
    return endpoint


def test_a_burst_of_failures_within_the_window_neither_disables_nor_fails_anything(
    dead_endpoint, make_ticket, settings, mailoutbox
):
    settings.HELPDESK_WEBHOOK_DISABLE_AFTER_SECONDS = 3600
    for i in range(25):  # more failed attempts than the old limit of 20
        make_ticket(requester_email=f"r{i}@example.com")
    for delivery in Delivery.objects.all():
        assert tasks.attempt(delivery.pk).sent
    endpoint = Endpoint.objects.get(pk=dead_endpoint.pk)
    assert endpoint.active and endpoint.disabled_at is None
    assert endpoint.consecutive_failures == 25 and endpoint.failing_since is not None
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.PENDING}
    assert mailoutbox == []


def test_failing_for_the_whole_window_disables_holds_pending_and_new_events_and_tells_admins(
    dead_endpoint, make_ticket, settings, mailoutbox, users
):
    settings.HELPDESK_WEBHOOK_DISABLE_AFTER_SECONDS = 3600
    make_ticket()
    make_ticket(requester_email="otro@example.com")
    first, second = Delivery.objects.order_by("created_at")
    tasks.attempt(first.pk)
    assert Endpoint.objects.get(pk=dead_endpoint.pk).active
    # An hour later every attempt is still failing.
    Endpoint.objects.filter(pk=dead_endpoint.pk).update(
        failing_since=timezone.now() - timedelta(seconds=3601)
    )
    tasks.attempt(second.pk)
    endpoint = Endpoint.objects.get(pk=dead_endpoint.pk)
    assert not endpoint.active and endpoint.disabled_at is not None
    [mail] = mailoutbox
    assert mail.to == [users["admin"].email]
    assert endpoint.name in mail.subject and f"/admin/webhooks/endpoint/{endpoint.pk}/replay/" in (
        mail.body
    )
    # The retry that falls due while disabled is held, not failed, and makes no request.
    Delivery.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now())
    assert not tasks.attempt(first.pk).sent
    held = Delivery.objects.get(pk=first.pk)
    assert held.status == Delivery.Status.HELD and held.attempts == 1
    # A change while disabled still writes its event, held.
    third = make_ticket(requester_email="tercero@example.com")
    row = Delivery.objects.get(ticket_id=third.pk)
    assert row.status == Delivery.Status.HELD and row.attempts == 0
    assert Delivery.objects.filter(status=Delivery.Status.FAILED).count() == 0
    assert len(mailoutbox) == 1


def test_an_endpoint_switched_off_by_hand_gets_no_events(make_endpoint, receiver, make_ticket):
    endpoint = make_endpoint(receiver.url, active=False)
    make_ticket()
    assert not Delivery.objects.filter(endpoint=endpoint).exists()
