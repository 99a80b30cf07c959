"""POST /support/tickets/v1 — createSupportTicket."""

import pytest

from accounts.models import Membership
from tests.api.spacebring.conftest import BASE, assert_error, assert_matches
from tickets.models import Ticket


@pytest.fixture
def body(location, area_mesa):
    return {"ticket": {"locationRef": str(location.pk), "text": "No hay internet en la sala 3"}}


def test_create_returns_201_with_ticket_and_ticket_created(admin_api, priorities, body, admin_user):
    response = admin_api.post(BASE, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert_matches("ticket", data)
    ticket = Ticket.objects.get(pk=data["ticket"]["id"])
    assert ticket.description == "No hay internet en la sala 3"
    assert ticket.requester == admin_user
    assert data["ticket"]["status"] == "new"
    assert data["ticket"]["type"] == "other"
    assert data["ticket"]["number"] == ticket.number
    assert data["ticket"]["userRequester"]["id"] == str(admin_user.pk)
    assert [a["type"] for a in data["activities"]] == ["ticketCreated"]
    assert data["activities"][0]["membership"]["user"]["id"] == str(admin_user.pk)


def test_agent_creates_for_another_member_with_type(api_as, mesa_user, priorities, body, requester):
    body["ticket"].update(userRefRequester=str(requester.pk), type="printing")
    data = api_as(mesa_user).post(BASE, body).json()
    assert_matches("ticket", data)
    assert data["ticket"]["type"] == "printing"
    assert data["ticket"]["membershipRefRequester"] == str(
        Membership.objects.get(user=requester).pk
    )


def test_requester_creates_for_themself(api_as, requester, priorities, body):
    body["ticket"]["userRefRequester"] = str(requester.pk)
    response = api_as(requester).post(BASE, body)
    assert response.status_code == 201
    assert response.json()["ticket"]["userRequester"]["id"] == str(requester.pk)


def test_requester_cannot_create_for_someone_else(api_as, requester, priorities, body, mesa_user):
    body["ticket"]["userRefRequester"] = str(mesa_user.pk)
    assert_error(api_as(requester).post(BASE, body), 403, "forbidden")
    assert not Ticket.objects.exists()


def test_readonly_client_cannot_create(api_as, admin_user, priorities, body):
    assert_error(api_as(admin_user, scopes="support.readonly").post(BASE, body), 403, "forbidden")


def test_location_of_another_network_is_refused(admin_api, priorities, body, other_location):
    body["ticket"]["locationRef"] = str(other_location.pk)
    message = assert_error(admin_api.post(BASE, body), 400, "validation")["message"]
    assert "locationRef" in message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": None}, "ticket.text"),
        ({"text": ""}, "ticket.text"),
        ({"locationRef": None}, "ticket.locationRef"),
        ({"locationRef": "abc"}, "ticket.locationRef"),
        ({"type": "weird"}, "ticket.type"),
        ({"userRefRequester": "00000000-0000-0000-0000-000000000000"}, "ticket.userRefRequester"),
    ],
)
def test_invalid_body_is_400_naming_the_field(admin_api, priorities, body, change, field):
    for key, value in change.items():
        if value is None:
            body["ticket"].pop(key)
        else:
            body["ticket"][key] = value
    message = assert_error(admin_api.post(BASE, body), 400, "validation")["message"]
    assert message.startswith(field)
    assert not Ticket.objects.exists()


def test_missing_ticket_object_is_400(admin_api, priorities):
    message = assert_error(admin_api.post(BASE, {"text": "x"}), 400, "validation")["message"]
    assert "text" in message or "ticket" in message


def test_keys_the_contracts_body_does_not_name_are_ignored(admin_api, priorities, body):
    response = admin_api.post(BASE, {**body, "x": 1, "ticket": {**body["ticket"], "y": []}})
    assert response.status_code == 201, response.content
    assert Ticket.objects.count() == 1
