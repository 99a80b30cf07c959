"""The header bell: unread count in one query whatever the number of notifications, only
for agents, and only about tickets the agent may still see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from tests.conftest import PASSWORD
from tickets import services

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def _bell_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/portal/notifications/settings/")
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "notifications_notification" in q["sql"]]


def test_bell_costs_one_query_with_one_or_forty_notifications(client, users, make_ticket):
    _login(client, users["area_own"])
    ticket = make_ticket()
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    one = _bell_queries(client)
    for i in range(39):
        services.ticket_comment(
            actor=users["mesa"],
            ticket=ticket,
            text=f"@{users['area_own'].email} #{i}",
            public=False,
        )
    assert Notification.objects.filter(recipient=users["area_own"]).count() == 40
    forty = _bell_queries(client)
    assert len(one) == len(forty) == 1
    page = client.get("/portal/").content.decode()
    assert 'class="badge"' in page and ">40<" in page


def test_bell_is_not_shown_without_unread_notifications(client, users):
    _login(client, users["mesa"])
    page = client.get("/portal/").content.decode()
    assert "/portal/notifications/" in page
    assert "bell--unread" not in page


def test_bell_does_not_count_a_ticket_transferred_away(client, users, ticket, area_b):
    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    services.ticket_transfer(actor=users["mesa"], ticket=ticket, area=area_b)
    _login(client, users["area_own"])
    page = client.get("/portal/").content.decode()
    assert "bell--unread" not in page
    assert client.get("/portal/notifications/").context["notes"] == []
