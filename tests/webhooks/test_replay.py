"""ADMIN replays an endpoint's held and failed events from a date (issue 27 item 17): admin →
webhook endpoint → "Replay held and failed events…". Everything since that day is sent
again in order, with its original event id; the endpoint is switched back on; nothing
older, nothing delivered, no other endpoint."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.webhooks.receiver import Receiver
from tickets import services
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db(transaction=True)  # replays are queued after the commit


def _url(endpoint) -> str:
    return reverse("admin:webhooks_endpoint_replay", args=[endpoint.pk])


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_admin_replays_held_and_failed_events_since_a_date_in_order(
    client, users, make_endpoint, make_ticket, mesa_user
):
    receiver = Receiver().start()
    try:
        endpoint = make_endpoint(receiver.url)
        Endpoint.objects.filter(pk=endpoint.pk).update(
            active=False, disabled_at=timezone.now(), url="http://127.0.0.1:9/x"
        )
        ticket = make_ticket()  # held (endpoint disabled)
        for n in range(6):
            services.ticket_comment(actor=mesa_user, ticket=ticket, text=f"Respuesta {n}")
        Endpoint.objects.filter(pk=endpoint.pk).update(url=receiver.url)
        rows = list(Delivery.objects.filter(endpoint=endpoint).order_by("created_at"))
        assert len(rows) == 7 and {r.status for r in rows} == {Delivery.Status.HELD}
        now = timezone.now()
        # The oldest is from a week ago (not replayed), one was delivered, one failed.
        Delivery.objects.filter(pk=rows[0].pk).update(
            status=Delivery.Status.FAILED, created_at=now - timedelta(days=7)
        )
        Delivery.objects.filter(pk=rows[1].pk).update(status=Delivery.Status.DELIVERED)
        Delivery.objects.filter(pk=rows[2].pk).update(status=Delivery.Status.FAILED, attempts=14)
        receiver.requests.clear()
        page = _login(client, users["admin"]).get(_url(endpoint))
        assert page.status_code == 200
        assert "4" in page.content.decode() and "2" in page.content.decode()  # held, failed
        since = (now - timedelta(days=1)).date().isoformat()
        response = client.post(_url(endpoint), {"since": since})
        assert response.status_code == 302
        replayed = [str(r.pk) for r in rows[2:]]
        got = receiver.wait_for(len(replayed), timeout=30)
        assert [r.headers["x-helpdesk-event-id"] for r in got] == replayed  # in order
        endpoint.refresh_from_db()
        assert endpoint.active and endpoint.disabled_at is None
        delivered = Delivery.objects.filter(status=Delivery.Status.DELIVERED)
        deadline = time.monotonic() + 10
        while delivered.count() < 1 + len(replayed) and time.monotonic() < deadline:
            time.sleep(0.05)
        statuses = dict(Delivery.objects.values_list("pk", "status"))
        assert statuses[rows[0].pk] == Delivery.Status.FAILED  # older than the date
        assert statuses[rows[1].pk] == Delivery.Status.DELIVERED
        for pk in rows[2:]:
            assert statuses[pk.pk] == Delivery.Status.DELIVERED
        assert Delivery.objects.get(pk=rows[2].pk).attempts == 1  # counted afresh
        assert len(receiver.requests) == len(replayed)
    finally:
        receiver.stop()


@pytest.mark.parametrize("role", ["mesa", "area_own"])
def test_only_an_admin_may_replay(client, users, make_endpoint, receiver, role):
    endpoint = make_endpoint(receiver.url)
    Endpoint.objects.filter(pk=endpoint.pk).update(active=False, disabled_at=timezone.now())
    response = _login(client, users[role]).post(
        _url(endpoint), {"since": timezone.now().date().isoformat()}
    )
    assert response.status_code in (302, 403)
    assert not Endpoint.objects.get(pk=endpoint.pk).active


@pytest.mark.parametrize("since", ["", "not-a-date", "2999-01-01"])
def test_a_missing_bad_or_future_date_is_refused_and_nothing_is_replayed(
    client, users, make_endpoint, receiver, make_ticket, since
):
    endpoint = make_endpoint(receiver.url)
    Endpoint.objects.filter(pk=endpoint.pk).update(active=False, disabled_at=timezone.now())
    make_ticket()
    response = _login(client, users["admin"]).post(_url(endpoint), {"since": since})
    assert response.status_code == 400
    assert Delivery.objects.get().status == Delivery.Status.HELD
    assert not Endpoint.objects.get(pk=endpoint.pk).active
