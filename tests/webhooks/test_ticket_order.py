"""One ticket's events reach an endpoint in the order they happened (issue 27 item 18): a
later event waits while an earlier one of the same ticket is being retried, and goes as soon
as that one is done. Other tickets' events do not wait."""

import pytest
from django.utils import timezone

from tests.webhooks.receiver import Receiver
from tickets import services
from webhooks import dispatch, tasks
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """What the tasks queue (the test runs each one itself, in order)."""
    ids: list[str] = []
    monkeypatch.setattr(dispatch, "enqueue", lambda pk, **kw: ids.append(str(pk)))
    return ids


def test_later_events_of_a_ticket_wait_for_the_earlier_one_being_retried(
    endpoint, make_ticket, mesa_user, queued
):
    flaky = Receiver(statuses=[503, 200]).start()
    try:
        Endpoint.objects.filter(pk=endpoint.pk).update(url=flaky.url)
        ticket = make_ticket()
        for n in range(4):
            services.ticket_comment(actor=mesa_user, ticket=ticket, text=f"Respuesta {n}")
        other = make_ticket(requester_email="otra@example.com")
        rows = [str(pk) for pk in Delivery.objects.filter(ticket_id=ticket.pk)
                .order_by("created_at").values_list("pk", flat=True)]  # fmt: skip
        assert len(rows) == 5
        queued.clear()
        first = tasks.attempt(rows[0])
        assert first.sent and not first.ok  # 503: retried later
        for later in rows[1:]:
            assert not tasks.attempt(later).sent  # waits its turn: no request
        assert len(flaky.requests) == 1
        # Another ticket's event is not held up.
        assert tasks.attempt(Delivery.objects.get(ticket_id=other.pk).pk).ok
        # The sweeper queues nothing of this ticket while its first event is not due.
        assert tasks.retry_due() == 0
        Delivery.objects.filter(pk=rows[0]).update(next_attempt_at=timezone.now())
        assert tasks.retry_due() == 1 and queued == [rows[0]]
        queued.clear()
        assert tasks.attempt(rows[0]).ok
        while queued:  # each delivered event queues the next one of its ticket
            assert tasks.attempt(queued.pop(0)).ok
        ticket_ids = {str(ticket.pk)}
        sent = [r.headers["x-helpdesk-event-id"] for r in flaky.requests
                if r.body and str(ticket.pk).encode() in r.body]  # fmt: skip
        assert sent == [rows[0], rows[0], *rows[1:]]
        assert set(Delivery.objects.filter(ticket_id__in=ticket_ids)
                   .values_list("status", flat=True)) == {Delivery.Status.DELIVERED}  # fmt: skip
    finally:
        flaky.stop()


def test_an_event_that_fails_for_good_lets_the_next_one_go(
    endpoint, make_ticket, mesa_user, queued, settings
):
    settings.HELPDESK_WEBHOOK_MAX_ATTEMPTS = 1
    real_url = endpoint.url
    ticket = make_ticket()
    services.ticket_comment(actor=mesa_user, ticket=ticket, text="Respuesta")
    first, second = Delivery.objects.order_by("created_at").values_list("pk", flat=True)
    Endpoint.objects.filter(pk=endpoint.pk).update(url="http://127.0.0.1:9/closed")
    queued.clear()
    assert not tasks.attempt(first).ok
    assert Delivery.objects.get(pk=first).status == Delivery.Status.FAILED
    assert queued == [str(second)]
    Endpoint.objects.filter(pk=endpoint.pk).update(url=real_url)
    assert tasks.attempt(second).ok
