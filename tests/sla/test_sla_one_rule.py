"""One SLA rule in business time on every screen (issue 28, items 2 and 3): the dot, the
"breaching soon" view, the "SLA breached" filter, the Mesa ``horasRestantes`` /
``slaVencido``, the SLA card and the report agree — also for a ticket solved 10 s late."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from portal.sla import sla_state
from reports import durations
from tests.api.mesa.conftest import client_as  # noqa: F401
from tests.sla_fixtures import madrid
from tickets import selectors, services
from tickets.models import Ticket
from tickets.sla.timeline import sla_timeline

pytestmark = pytest.mark.django_db


def reload(ticket) -> Ticket:
    return Ticket.objects.select_related("priority", "area").get(pk=ticket.pk)


def mesa_row(client_as, ticket) -> dict:  # noqa: F811
    rows = client_as("mesa").get("/api/tickets/dashboard").json()
    return next(row for row in rows if row["id"] == str(ticket.pk))


def dashboard(user, **params):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("portal:dashboard"), params)
    assert response.status_code == 200
    return {t.pk: sla for t, sla in response.context["rows"]}


@pytest.fixture
def friday_eleven(sla_desk, make_ticket, users):
    """The issue's case: Mon–Fri 08–18 Madrid, 8 business hours, opened Friday 11:00 (due
    Monday 09:00), answered at once (so resolution is the target pending)."""
    sla_desk.set(madrid(2026, 5, 15, 11))
    ticket = make_ticket()
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Visto", public=True)
    assert ticket.sla_due_at == madrid(2026, 5, 18, 9)
    return ticket


def test_the_dot_counts_business_hours_left_not_wall_hours(
    friday_eleven,
    sla_desk,
    users,
    client_as,  # noqa: F811
):
    sla_desk.set(madrid(2026, 5, 15, 16, 30))  # 2.5 business hours left, 64.5 wall hours
    ticket = reload(friday_eleven)
    assert sla_state(ticket) == "yellow"  # was green
    assert dashboard(users["mesa"])[ticket.pk] == "yellow"
    row = mesa_row(client_as, ticket)
    assert (row["horasRestantes"], row["slaVencido"]) == (2.5, False)
    sla_desk.set(madrid(2026, 5, 15, 17))  # 2 business hours left: red (was: Monday 07:30)
    assert sla_state(reload(ticket)) == "red"
    assert mesa_row(client_as, ticket)["horasRestantes"] == 2.0
    card = sla_timeline(reload(ticket))
    assert card.targets[-1].remaining == timedelta(hours=2)


def test_breaching_soon_is_business_time_too(friday_eleven, sla_desk, users, make_ticket):
    sla_desk.set(madrid(2026, 5, 15, 16, 30))
    soon = dashboard(users["mesa"], view="breaching")  # "within 4 h"
    assert friday_eleven.pk in soon  # 2.5 business hours left
    assert (
        Ticket.objects.filter(selectors.sla_breaching_soon_q(sla_desk.now, timedelta(hours=4)))
        .filter(pk=friday_eleven.pk)
        .exists()
    )
    sla_desk.set(madrid(2026, 5, 15, 9))  # 11 business hours left at that time: not soon
    assert friday_eleven.pk not in dashboard(users["mesa"], view="breaching")


def test_a_missed_first_response_shows_on_the_dot_and_in_the_breached_filter(
    sla_desk,
    make_ticket,
    users,
    client_as,  # noqa: F811
):
    ticket = make_ticket()  # Friday 17:00: first response due 18:00, resolution Monday 15:00
    sla_desk.set(madrid(2026, 5, 15, 18, 5))
    assert sla_state(reload(ticket)) == "overdue"  # was green (resolution far away)
    assert dashboard(users["mesa"], sla_breached="1").get(ticket.pk) == "overdue"
    assert sla_timeline(reload(ticket)).targets[0].state == "overdue"
    # the contract's field keeps its meaning: the resolution target
    row = mesa_row(client_as, ticket)
    assert row["slaVencido"] is False and row["horasRestantes"] == 7.0
    sla_desk.set(madrid(2026, 5, 15, 17, 50))
    assert sla_state(reload(ticket)) == "red"  # 10 minutes left for the first response


def test_a_ticket_solved_10_seconds_late_reads_missed_everywhere(
    sla_desk,
    make_ticket,
    users,
    client_as,  # noqa: F811
):
    ticket = make_ticket()  # resolution due Monday 15:00
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Visto", public=True)
    sla_desk.set(madrid(2026, 5, 18, 15, 0, 10))
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    sla_desk.set(madrid(2026, 5, 19, 10))
    solved = reload(ticket)
    assert solved.sla_breached()
    assert sla_state(solved) == "missed"
    assert dashboard(users["mesa"], group="solved")[ticket.pk] == "missed"
    assert sla_timeline(solved).targets[-1].state == "missed"
    assert Ticket.objects.filter(selectors.sla_breached_q(sla_desk.now), pk=ticket.pk).exists()
    row = mesa_row(client_as, ticket)
    assert row["slaVencido"] is True and row["horasRestantes"] == -0.01  # was -0.0, false
    detail = client_as("mesa").get(f"/api/tickets/{ticket.pk}").json()
    assert detail["sla_vencido"] is True and detail["horas_restantes"] == -0.01
    assert durations.resolution_met(solved) is False  # what the report counts


def test_solved_at_the_due_instant_is_met_everywhere(
    sla_desk,
    make_ticket,
    users,
    client_as,  # noqa: F811
):
    ticket = make_ticket()
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Visto", public=True)
    sla_desk.set(madrid(2026, 5, 18, 15))
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    solved = reload(ticket)
    assert not solved.sla_breached() and sla_state(solved) == "met"
    row = mesa_row(client_as, ticket)
    assert row["slaVencido"] is False and row["horasRestantes"] == 0.0
    assert durations.resolution_met(solved) is True


def test_the_export_reads_the_ticket_solved_10_seconds_late_as_over(sla_desk, make_ticket, users):
    """The CSV's "Hours left" (wall-clock hours, computed in the database for the streamed
    export) is negative exactly when breached: ``-0.01``, not ``-0.00`` / ``0.00``."""
    ticket = make_ticket()
    sla_desk.set(madrid(2026, 5, 18, 15, 0, 10))
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    client = Client()
    client.force_login(users["mesa"])
    response = client.get(reverse("portal:export"), {"group": "solved"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    [row] = [line for line in body.splitlines()[1:] if ticket.label in line]
    assert row.endswith('"-0.01"')
