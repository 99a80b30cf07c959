"""The dashboard's "SLA breaching soon" filter: running tickets due within
``HELPDESK_SLA_WARNING``, not the breached, not the stopped, only what the user may see."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tickets import services
from tickets.models import Ticket

URL = reverse("portal:dashboard")
pytestmark = pytest.mark.django_db


def _due_in(ticket, delta):
    Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=timezone.now() + delta)


def test_breaching_soon_keeps_only_running_tickets_due_within_the_window(
    client_for, make_ticket, admin_user
):
    soon = make_ticket(subject="Vence pronto")
    _due_in(soon, timedelta(minutes=40))
    later = make_ticket(subject="Vence luego")
    _due_in(later, timedelta(hours=3))
    late = make_ticket(subject="Ya vencido")
    _due_in(late, -timedelta(minutes=5))
    solved = make_ticket(subject="Resuelto")
    services.ticket_change_status(actor=admin_user, ticket=solved, status="RESUELTO")
    _due_in(solved, timedelta(minutes=30))

    html = client_for("admin").get(URL, {"sla_soon": "1"}).content.decode()
    assert soon.label in html
    for other in (later, late, solved):
        assert other.label not in html


def test_window_follows_the_setting(client_for, make_ticket, settings):
    ticket = make_ticket()
    _due_in(ticket, timedelta(hours=3))
    assert ticket.label not in client_for("admin").get(URL, {"sla_soon": "1"}).content.decode()
    settings.HELPDESK_SLA_WARNING = timedelta(hours=4)
    assert ticket.label in client_for("admin").get(URL, {"sla_soon": "1"}).content.decode()


def test_area_agent_sees_only_their_area_breaching_soon(client_for, make_ticket, area_b):
    mine = make_ticket(subject="Mío")
    theirs = make_ticket(subject="De otra área", area=area_b)
    for t in (mine, theirs):
        _due_in(t, timedelta(minutes=10))
    html = client_for("area_own").get(URL, {"sla_soon": "1"}).content.decode()
    assert mine.label in html and theirs.label not in html


def test_filter_is_offered_in_the_visitors_language(client_for):
    html = client_for("admin").get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="sla_soon"' in html and "SLA breaching soon" in html
