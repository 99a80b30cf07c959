"""Where an SLA alert shows: the agents' history (portal, Mesa agent detail), never the
requester's (requester pages, Mesa consultar) nor the Spacebring face (four types only)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.api.mesa.conftest import bearer, token_of
from tests.api.spacebring.conftest import (  # noqa: F401 - fixtures of that face
    BASE,
    admin_api,
    api_as,
    assert_matches,
    issue_client,
)
from tests.conftest import PASSWORD
from tickets.tasks import sla_alerts

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerted(clock, ticket):
    clock.set(ticket.sla_due_at - timedelta(minutes=5))
    sla_alerts()
    clock.move(timedelta(minutes=10))
    sla_alerts()
    return ticket


def test_spacebring_detail_lists_no_sla_alert_and_matches_the_contract(
    admin_api,  # noqa: F811
    alerted,
):
    body = admin_api.get(f"{BASE}/{alerted.pk}").json()
    assert_matches("ticket", body)
    assert [a["type"] for a in body["activities"]] == ["ticketCreated"]


def test_mesa_agent_detail_shows_the_alerts_as_internal_entries(alerted, mesa_user):
    from rest_framework.test import APIClient

    client = bearer(APIClient(), token_of(mesa_user))
    body = client.get(f"/api/tickets/{alerted.pk}").json()
    entries = [h for h in body["historial"] if h["accion"] == "ALERTA_SLA"]
    assert [(h["nota"], h["publico"], h["agente_rol"]) for h in entries] == [
        ("warning", False, "SISTEMA"),
        ("breach", False, "SISTEMA"),
    ]


def test_mesa_lookup_never_shows_an_alert(api_client_plain, alerted):
    body = api_client_plain.post(
        "/api/tickets/consultar",
        {"label": alerted.label, "email": alerted.requester_email},
        format="json",
    ).json()
    assert "ALERTA_SLA" not in str(body)
    assert [h["accion"] for h in body["historial"]] == ["CREACION"]


def test_requester_page_never_shows_an_alert(client, alerted):
    response = client.post(
        reverse("public:lookup"), {"label": alerted.label, "email": alerted.requester_email}
    )
    html = response.content.decode()
    assert alerted.label in html
    for text in ("SLA breaching soon", "SLA breached", "SLA alert", "Sistema", "System"):
        assert text not in html
    for text in ("SLA por vencer", "SLA vencido", "Alerta de SLA"):
        assert text not in html


def test_portal_history_names_each_alert(client, alerted, mesa_user):
    client.login(username=mesa_user.email, password=PASSWORD)
    html = client.get(
        reverse("portal:ticket", args=[alerted.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "SLA breaching soon" in html and "SLA breached" in html


@pytest.fixture
def api_client_plain():
    from rest_framework.test import APIClient

    return APIClient()
