"""The outage drill (issue 27 items 17 and 18), end to end through a real Celery worker:
the loopback receiver is down (connection refused) while 30 ticket changes happen, and comes
back after ``WEBHOOK_DRILL_DOWN_SECONDS`` (20 by default, as in the audit; set it lower for a
quicker local run). Every one of the 30 events arrives once it is back, each ticket's events in
the order they happened, none lost, none failed, the endpoint still on."""

import json
import os
import time
from collections import defaultdict

from tickets import services
from webhooks.models import Delivery, Endpoint

DOWN_SECONDS = float(os.environ.get("WEBHOOK_DRILL_DOWN_SECONDS", "20"))
TICKETS = 5
COMMENTS = 5  # 5 tickets created + 25 comments = 30 changes


def test_receiver_down_during_30_changes_gets_all_30_in_per_ticket_order_when_back(
    celery_worker, endpoint, receiver, make_ticket, mesa_user
):
    receiver.down()
    went_down = time.monotonic()
    tickets = [make_ticket(requester_email=f"r{i}@example.com") for i in range(TICKETS)]
    for n in range(COMMENTS):
        for ticket in tickets:
            services.ticket_comment(actor=mesa_user, ticket=ticket, text=f"Respuesta {n}")
    expected = TICKETS * (1 + COMMENTS)
    assert Delivery.objects.filter(endpoint=endpoint).count() == expected
    # Outage: let the first attempts (and their retries) fail against the closed port.
    time.sleep(max(0.0, DOWN_SECONDS - (time.monotonic() - went_down)))
    assert receiver.requests == []
    assert Delivery.objects.filter(attempts__gt=0).exists()
    receiver.up()
    got = receiver.wait_for(expected, timeout=60)
    ids = [r.headers["x-helpdesk-event-id"] for r in got]
    assert len(ids) == expected, celery_worker.output()[-3000:]
    time.sleep(2)  # nothing more arrives
    assert len(receiver.requests) == expected
    rows = Delivery.objects.filter(endpoint=endpoint).order_by("created_at")
    assert sorted(ids) == sorted(str(r.pk) for r in rows)  # every event once, none lost
    arrived = defaultdict(list)
    for request in got:
        body = json.loads(request.body)
        arrived[body["data"]["ticket"]["id"]].append(body["id"])
    for ticket in tickets:
        in_order = [str(r.pk) for r in rows if r.ticket_id == ticket.pk]
        assert arrived[str(ticket.pk)] == in_order
    deadline = time.monotonic() + 10
    while Delivery.objects.exclude(status=Delivery.Status.DELIVERED).exists():
        assert time.monotonic() < deadline, list(Delivery.objects.values_list("status"))
        time.sleep(0.1)
    state = Endpoint.objects.get(pk=endpoint.pk)
    assert state.active and state.disabled_at is None and state.failing_since is None
