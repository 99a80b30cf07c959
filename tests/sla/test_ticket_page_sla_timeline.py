"""The ticket page's SLA timeline: each target, business time used, every pause."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.sla_fixtures import madrid
from tickets import services

pytestmark = pytest.mark.django_db


def page(user, ticket):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("portal:ticket", args=[ticket.pk]))
    assert response.status_code == 200
    return response


def test_the_timeline_lists_the_pause_with_who_and_why(sla_desk, ticket, users):
    sla_desk.set(madrid(2026, 5, 18, 9))
    services.ticket_pause(actor=users["mesa"], ticket=ticket, reason="Esperando repuesto")
    sla_desk.set(madrid(2026, 5, 18, 12))
    services.ticket_reopen(actor=users["admin"], ticket=ticket)
    sla_desk.set(madrid(2026, 5, 18, 13))
    response = page(users["mesa"], ticket)
    timeline = response.context["sla_tl"]
    [pause] = timeline.pauses
    assert (pause.start, pause.end) == (madrid(2026, 5, 18, 9), madrid(2026, 5, 18, 12))
    assert pause.by == users["mesa"].full_name and pause.reason == "Esperando repuesto"
    assert pause.resumed_by == users["admin"].full_name
    first, resolution = timeline.targets
    assert (first.key, first.state) == ("first_response", "overdue")  # due Friday 18:00
    assert resolution.state == "running"
    assert resolution.due_at == madrid(2026, 5, 18, 18)
    assert resolution.used.total_seconds() == 3 * 3600  # Fri 17–18, Mon 08–09, 12–13
    html = response.content.decode()
    assert 'data-testid="sla-pauses"' in html
    assert "Esperando repuesto" in html and "paused by Mesa Test" in html
    assert "3 h 00 min" in html  # the pause and the time used


def test_a_running_pause_reads_still_paused_and_the_dot_says_paused(sla_desk, ticket, users):
    # answered in time (a missed first response makes the dot say overdue, issue 28)
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Visto", public=True)
    sla_desk.set(madrid(2026, 5, 18, 9))
    services.ticket_pause(actor=users["mesa"], ticket=ticket, reason="Cliente ausente")
    sla_desk.set(madrid(2026, 5, 20, 9))
    response = page(users["mesa"], ticket)
    assert response.context["sla"] == "paused"
    assert response.context["sla_tl"].targets[-1].state == "paused"
    html = response.content.decode()
    assert "still paused" in html and "SLA paused" in html


def test_met_and_missed_are_told_per_target(sla_desk, ticket, users):
    sla_desk.set(madrid(2026, 5, 18, 9))
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Hola, vamos para allá")
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    first, resolution = page(users["mesa"], ticket).context["sla_tl"].targets
    assert (first.state, resolution.state) == ("missed", "met")
    assert first.over.total_seconds() == 3600  # 2 business hours used of 1


def test_the_page_query_count_stays_fixed_with_pauses_and_history(sla_desk, ticket, users):
    def count() -> int:
        client = Client()
        client.force_login(users["mesa"])
        url = reverse("portal:ticket", args=[ticket.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    small = count()
    for hour in range(8, 18):
        sla_desk.set(madrid(2026, 5, 18, hour))
        services.ticket_pause(actor=users["mesa"], ticket=ticket, reason=f"r{hour}")
        sla_desk.set(madrid(2026, 5, 18, hour, 30))
        services.ticket_reopen(actor=users["mesa"], ticket=ticket)
    assert count() == small == 23  # the page's 21 + the calendar's working hours, holidays
