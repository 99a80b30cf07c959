"""PUT /support/tickets/v1/{id}/status — updateSupportTicketStatus."""

import pytest

from tests.api.spacebring.conftest import BASE, assert_error, assert_matches
from tickets import services
from tickets.models import Activity, Status


def url(ticket):
    return f"{BASE}/{ticket.pk}/status"


@pytest.mark.parametrize(
    ("spacebring", "internal"),
    [
        ("inProgress", Status.EN_PROCESO),
        ("solved", Status.RESUELTO),
        ("closed", Status.CERRADO),
    ],
)
def test_status_update_writes_internal_status_and_returns_activity(
    admin_api, ticket, spacebring, internal
):
    response = admin_api.put(url(ticket), {"ticket": {"status": spacebring}})
    assert response.status_code == 200, response.content
    body = response.json()
    assert_matches("activity", body)
    ticket.refresh_from_db()
    assert ticket.status == internal
    assert body["ticket"]["status"] == spacebring
    assert body["activity"]["type"] == "statusUpdated"
    assert body["activity"]["data"] == {
        "status": spacebring,
        "previousAttributes": {"status": "new"},
    }


def test_reopening_to_new_is_allowed(admin_api, admin_user, ticket):
    services.ticket_change_status(actor=admin_user, ticket=ticket, status="RESUELTO")
    assert admin_api.put(url(ticket), {"ticket": {"status": "new"}}).status_code == 200


def test_transition_out_of_terminal_status_is_409(admin_api, admin_user, ticket):
    services.ticket_cancel(actor=admin_user, ticket=ticket)
    body = assert_error(admin_api.put(url(ticket), {"ticket": {"status": "new"}}), 409, "conflict")
    # In the client's vocabulary: never an internal status it cannot see.
    assert body["message"] == (
        "The ticket is closed for good: it takes no more changes or comments."
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("mesa", 200), ("area_own", 200), ("area_other", 403), ("usuario", 403)],
)
def test_status_role_matrix(api_as, users, ticket, role, status):
    response = api_as(users[role]).put(url(ticket), {"ticket": {"status": "solved"}})
    if status == 200:
        assert response.status_code == 200
    else:
        body = assert_error(response, status, "forbidden")
        assert Activity.objects.filter(ticket=ticket).count() == 1
        if role == "area_other":
            assert "another area" in body["message"] or "otra área" in body["message"]


def test_requester_of_the_ticket_cannot_change_its_status(api_as, requester, make_ticket):
    ticket = make_ticket(requester=requester)
    assert_error(api_as(requester).put(url(ticket), {"ticket": {"status": "closed"}}), 403)


def test_readonly_scope_cannot_change_status(api_as, admin_user, ticket):
    client = api_as(admin_user, scopes="support.readonly")
    assert_error(client.put(url(ticket), {"ticket": {"status": "closed"}}), 403, "forbidden")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ticket": {"status": "open"}}, "ticket.status"),
        ({"ticket": {}}, "ticket.status"),
        ({}, "ticket"),
        ({"ticket": {"status": "new", "extra": 1}}, "ticket.extra"),
    ],
)
def test_invalid_status_body_is_400(admin_api, ticket, body, field):
    message = assert_error(admin_api.put(url(ticket), body), 400, "validation")["message"]
    assert message.startswith(field)


def test_status_of_other_network_ticket_is_404(admin_api, make_ticket, other_location):
    foreign = make_ticket(location=other_location)
    assert_error(admin_api.put(url(foreign), {"ticket": {"status": "closed"}}), 404, "notFound")


def test_area_agent_cannot_reopen_a_solved_ticket(api_as, area_a_user, mesa_user, ticket):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status="RESUELTO")
    response = api_as(area_a_user).put(url(ticket), {"ticket": {"status": "inProgress"}})
    assert_error(response, 403, "forbidden")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESUELTO
