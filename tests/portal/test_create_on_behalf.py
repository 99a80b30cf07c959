"""Agents open tickets on behalf of requesters."""

import pytest
from django.urls import reverse

from tickets.models import Activity, Ticket

URL = reverse("portal:create")


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("mesa", 200), ("area_own", 200), ("area_other", 200), ("usuario", 403)],
)
def test_create_page_is_for_agents(client_for, priorities, role, status):
    response = client_for(role).get(URL)
    assert response.status_code == status
    if status == 200:
        assert (
            response.context["form"].fields and "csrfmiddlewaretoken" in response.content.decode()
        )
    else:
        assert "403.html" in [t.name for t in response.templates]


def test_agent_creates_ticket_for_requester_in_chosen_area(client_for, users, area_b, priorities):
    response = client_for("mesa").post(
        URL,
        {
            "nombre": "Pedro Pérez",
            "email": "pedro@example.com",
            "tipo": "SOLICITUD",
            "categoria": "Aire",
            "prioridad": "BAJA",
            "descripcion": "El aire acondicionado gotea.",
            "areaAsignada": area_b.code,
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "portal:ticket", args=[ticket.pk]
    )
    assert ticket.area == area_b and ticket.requester_email == "pedro@example.com"
    created = Activity.objects.get(ticket=ticket)
    assert created.actor == users["mesa"]


def test_invalid_create_shows_errors(client_for, priorities):
    response = client_for("mesa").post(URL, {"nombre": "P"})
    assert response.status_code == 400
    assert {"nombre", "email", "descripcion"} <= set(response.context["form"].errors)
