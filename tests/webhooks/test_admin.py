"""Webhooks in the Django admin: ADMIN only; endpoint URLs checked on save; a read-only
delivery log; the "send test event" action."""

import json

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.webhooks.receiver import verify_signature
from webhooks import dispatch, tasks
from webhooks.models import TEST_EVENT, Delivery, Endpoint

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:webhooks_endpoint_changelist",
    "admin:webhooks_endpoint_add",
    "admin:webhooks_delivery_changelist",
]


def login(client, user):
    if user is not None:
        assert client.login(username=user.email, password=PASSWORD)
    return client


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", 200),
        ("mesa", 403),
        ("area_own", 403),
        ("area_other", 403),
        ("usuario", 302),
        ("anonymous", 302),
    ],
)
def test_webhook_pages_are_for_admins_only(client, users, page, role, expected):
    login(client, users.get(role))
    response = client.get(reverse(page))
    assert response.status_code == expected
    if expected == 200:
        assert response.context["opts"].app_label == "webhooks"
    elif expected == 302:
        assert response.url.startswith(reverse("admin:login"))
    else:
        assert "403.html" in [t.name for t in response.templates]


def test_agents_do_not_see_the_webhooks_section(client, users):
    login(client, users["mesa"])
    assert "webhooks" not in client.get(reverse("admin:index")).content.decode().lower()
    client.logout()
    login(client, users["admin"])
    assert "/admin/webhooks/" in client.get(reverse("admin:index")).content.decode()


def _add(client, network, url):
    return client.post(
        reverse("admin:webhooks_endpoint_add"),
        {
            "network": network.pk,
            "name": "CRM",
            "url": url,
            "event_types": ["ticket.created", "ticket.comment_created"],
            "active": "on",
            "secret": "s3cret-value",
        },
    )


def test_admin_adds_an_endpoint_with_its_event_types(client, admin_user, network, receiver):
    login(client, admin_user)
    response = _add(client, network, receiver.url)
    assert response.status_code == 302
    endpoint = Endpoint.objects.get()
    assert endpoint.event_types == ["ticket.created", "ticket.comment_created"]
    assert endpoint.network == network and endpoint.secret == "s3cret-value"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/x", "http://169.254.169.254/", "http://[::1]/"]
)
def test_admin_cannot_save_an_endpoint_on_a_private_address(
    client, admin_user, network, settings, url
):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    login(client, admin_user)
    response = _add(client, network, url)
    assert response.status_code == 200
    assert "refused" in response.content.decode() or "rechaz" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_send_test_event_queues_a_signed_test_delivery(
    client, admin_user, endpoint, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(dispatch, "enqueue", lambda pk, **kw: queued.append(str(pk)))
    login(client, admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:webhooks_endpoint_changelist"),
            {"action": "send_test_event", "_selected_action": [endpoint.pk]},
            follow=True,
        )
    assert response.status_code == 200
    delivery = Delivery.objects.get(event_type=TEST_EVENT)
    assert queued == [str(delivery.pk)]
    assert tasks.attempt(delivery.pk).ok
    [request] = receiver.wait_for(1)
    assert json.loads(request.body)["type"] == TEST_EVENT
    assert verify_signature(endpoint.secret, request.headers["x-helpdesk-signature"], request.body)


def test_delivery_log_is_read_only(client, admin_user, endpoint, make_ticket):
    make_ticket()
    delivery = Delivery.objects.get()
    login(client, admin_user)
    change = reverse("admin:webhooks_delivery_change", args=[delivery.pk])
    page = client.get(change)
    assert page.status_code == 200
    html = page.content.decode()
    assert "ticket.created" in html and 'name="_save"' not in html
    assert client.post(change, {"status": "delivered"}).status_code == 403
    assert client.get(reverse("admin:webhooks_delivery_add")).status_code == 403
    delete = reverse("admin:webhooks_delivery_delete", args=[delivery.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Delivery.objects.get().status == Delivery.Status.PENDING


def test_delivery_log_shows_status_code_latency_attempts_and_error(
    client, admin_user, endpoint, make_ticket
):
    make_ticket()
    Delivery.objects.update(
        attempts=3, last_status_code=502, last_latency_ms=87, last_error="HTTP 502 bad gateway"
    )
    login(client, admin_user)
    html = client.get(reverse("admin:webhooks_delivery_changelist")).content.decode()
    for text in ("502", "87", "HTTP 502 bad gateway", ">3<"):
        assert text in html


def test_delivery_log_query_count_does_not_grow(
    client, admin_user, endpoint, make_ticket, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, admin_user)
    url = reverse("admin:webhooks_delivery_changelist")
    make_ticket()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(6):
        make_ticket()
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_change_page_shows_the_subscribed_event_types_ticked(client, admin_user, make_endpoint):
    import re

    endpoint = make_endpoint("http://127.0.0.1:9/x", events=["ticket.created"])
    login(client, admin_user)
    url = reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])
    html = client.get(url).content.decode()

    def box(value: str) -> str:
        [tag] = re.findall(rf'<input[^>]*value="{re.escape(value)}"[^>]*>', html)
        return tag

    assert "checked" in box("ticket.created")
    assert "checked" not in box("ticket.comment_created")
