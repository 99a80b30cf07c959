"""GET /support/tickets/v1 — getSupportTickets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership
from tests.api.spacebring.conftest import BASE, assert_error, assert_matches
from tickets import services
from tickets.models import Status, Ticket


@pytest.fixture
def assigned_ticket(make_ticket, admin_user, area_a_user, requester):
    ticket = make_ticket(requester=requester, type="internet")
    services.ticket_assign(actor=admin_user, ticket=ticket, assignee=area_a_user)
    return Ticket.objects.get(pk=ticket.pk)


def test_list_returns_tickets_newest_first_in_contract_shape(
    admin_api, make_ticket, assigned_ticket
):
    older = make_ticket()
    response = admin_api.get(BASE)
    assert response.status_code == 200
    body = response.json()
    assert_matches("list", body)
    assert [t["id"] for t in body["tickets"]] == [str(older.pk), str(assigned_ticket.pk)]
    assert "nextPageToken" not in body


def test_list_shows_assignee_and_requester_memberships_and_users(
    admin_api, assigned_ticket, area_a_user, requester
):
    row = admin_api.get(BASE).json()["tickets"][0]
    assignee_membership = Membership.objects.get(user=area_a_user)
    assert row["membershipRefAssignee"] == str(assignee_membership.pk)
    assert row["membershipAssignee"]["user"]["id"] == str(area_a_user.pk)
    assert row["userAssignee"]["id"] == str(area_a_user.pk)
    assert row["userRequester"]["email"] == requester.email
    assert row["membershipRequester"]["roleType"] == "member"
    assert row["status"] == "inProgress"
    assert row["type"] == "internet"
    assert row["createDate"].endswith("Z")


def test_ticket_without_people_omits_memberships_and_nulls_users(admin_api, make_ticket):
    make_ticket()
    row = admin_api.get(BASE).json()["tickets"][0]
    assert row["userAssignee"] is None
    assert row["userRequester"] is None
    assert "membershipAssignee" not in row
    assert "membershipRefRequester" not in row


def test_list_hides_tickets_of_other_networks(admin_api, make_ticket, other_location):
    mine = make_ticket()
    make_ticket(location=other_location)
    body = admin_api.get(BASE).json()
    assert [t["id"] for t in body["tickets"]] == [str(mine.pk)]


def test_area_agent_lists_only_own_area(api_as, area_a_user, make_ticket, area_b):
    own = make_ticket()
    make_ticket(area=area_b)
    body = api_as(area_a_user).get(BASE).json()
    assert [t["id"] for t in body["tickets"]] == [str(own.pk)]


@pytest.mark.parametrize(
    ("spacebring", "internal", "listed"),
    [
        ("new", Status.NUEVO, True),
        ("inProgress", Status.PAUSADO, True),
        ("closed", Status.CANCELADO, True),
        ("solved", Status.CERRADO, False),
        ("new", Status.EN_PROCESO, False),
    ],
)
def test_status_filter_uses_spacebring_vocabulary(
    admin_api, admin_user, make_ticket, spacebring, internal, listed
):
    ticket = make_ticket()
    if internal != Status.NUEVO:
        services.ticket_change_status(actor=admin_user, ticket=ticket, status=internal)
    body = admin_api.get(BASE, data={"status": spacebring}).json()
    assert ([t["id"] for t in body["tickets"]] == [str(ticket.pk)]) is listed


def test_filters_by_type_location_memberships_and_dates(
    admin_api, make_ticket, assigned_ticket, area_a_user, requester
):
    plain = make_ticket()
    assignee_ref = str(Membership.objects.get(user=area_a_user).pk)
    requester_ref = str(Membership.objects.get(user=requester).pk)
    cases = {
        "type": ("internet", [assigned_ticket]),
        "membershipRefAssignee": (assignee_ref, [assigned_ticket]),
        "membershipRefRequester": (requester_ref, [assigned_ticket]),
        "locationRef": (str(plain.location_id), [plain, assigned_ticket]),
        "createDateFrom": (plain.created_at.isoformat(), [plain]),
        "createDateTo": (assigned_ticket.created_at.isoformat(), [assigned_ticket]),
    }
    for name, (value, expected) in cases.items():
        body = admin_api.get(BASE, data={name: value}).json()
        assert [t["id"] for t in body["tickets"]] == [str(t.pk) for t in expected], name


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "x"}, "limit"),
        ({"status": "open"}, "status"),
        ({"type": "weird"}, "type"),
        ({"locationRef": "nope"}, "locationRef"),
        ({"createDateFrom": "yesterday"}, "createDateFrom"),
        ({"pageToken": "garbage!!"}, "pageToken"),
    ],
)
def test_bad_query_parameter_is_400_naming_it(admin_api, params, field):
    body = assert_error(admin_api.get(BASE, data=params), 400, "validation")
    assert field in body["message"]


def test_list_runs_same_number_of_queries_for_5_and_100_tickets(
    admin_api, make_ticket, admin_user, area_a_user, requester, django_assert_num_queries
):
    def fill(n):
        for _ in range(n):
            ticket = make_ticket(requester=requester)
            services.ticket_assign(actor=admin_user, ticket=ticket, assignee=area_a_user)

    fill(5)
    admin_api.get(BASE)  # first call records last_used_at once
    with CaptureQueriesContext(connection) as small:
        assert len(admin_api.get(BASE, data={"limit": 100}).json()["tickets"]) == 5
    fill(95)
    with django_assert_num_queries(len(small)):
        assert len(admin_api.get(BASE, data={"limit": 100}).json()["tickets"]) == 100
    # The API client (with membership, user, network), the page, and the requester and
    # assignee memberships with their users (prefetched: see selectors.with_memberships).
    assert len(small) == 4
