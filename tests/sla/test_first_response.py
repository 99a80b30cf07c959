"""The first public agent reply meets the first-response SLA, through every way in; the
requester's own words and internal notes do not."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.api.mesa.conftest import bearer, token_of
from tests.sla_fixtures import madrid
from tickets import services
from tickets.access import Requester
from tickets.models import Ticket

pytestmark = pytest.mark.django_db
MONDAY_0830 = madrid(2026, 5, 18, 8, 30)


def answered(ticket) -> Ticket:
    ticket = Ticket.objects.get(pk=ticket.pk)
    # (a response sent with a change is written a microsecond after it)
    assert abs(ticket.first_responded_at - MONDAY_0830) < timedelta(milliseconds=1)
    assert ticket.first_response_business_minutes == 90  # Fri 17–18, Mon 08–08:30
    assert ticket.first_responded_at > ticket.first_response_due_at  # missed: due Fri 18:00
    return ticket


def test_portal_reply_meets_the_first_response(sla_desk, ticket, users, area_a):
    client = Client()
    client.force_login(users["area_own"])
    sla_desk.set(MONDAY_0830)
    response = client.post(
        reverse("portal:action", args=[ticket.pk, "reply"]),
        {
            "reply-status": ticket.status,
            "initial-reply-status": ticket.status,
            "reply-priority": "MEDIA",
            "initial-reply-priority": "MEDIA",
            "reply-area": area_a.code,
            "initial-reply-area": area_a.code,
            "reply-text": "Vamos para allá.",
        },
    )
    assert response.status_code == 302
    answered(ticket)


def test_mesa_actualizar_with_a_response_meets_the_first_response(sla_desk, ticket, users):
    sla_desk.set(MONDAY_0830)
    response = bearer(APIClient(), token_of(users["mesa"])).post(
        f"/api/tickets/{ticket.pk}/actualizar",
        {
            "estado": "EN_PROCESO",
            "prioridad": "MEDIA",
            "area": "TECNOLOGIA",
            "respuesta": "Revisando el equipo.",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    answered(ticket)


def test_spacebring_comment_meets_the_first_response(sla_desk, ticket, users, api_as):
    sla_desk.set(MONDAY_0830)
    response = api_as(users["admin"]).post(
        f"/support/tickets/v1/{ticket.pk}/comments", {"comment": {"text": "En camino"}}
    )
    assert response.status_code == 201, response.content
    answered(ticket)


def test_only_the_first_reply_counts(sla_desk, ticket, users):
    sla_desk.set(MONDAY_0830)
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Primera")
    sla_desk.set(madrid(2026, 5, 18, 12))
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Segunda")
    answered(ticket)


def test_internal_notes_and_requester_replies_do_not_count(sla_desk, ticket, users):
    sla_desk.set(MONDAY_0830)
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Nota", public=False)
    services.ticket_requester_reply(
        actor=Requester(ticket.requester_email), ticket=ticket, text="¿Hay novedades?"
    )
    assert Ticket.objects.get(pk=ticket.pk).first_responded_at is None
