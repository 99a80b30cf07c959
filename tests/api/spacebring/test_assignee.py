"""PUT /support/tickets/v1/{id}/assignee — updateSupportTicketAssignee (our extension)."""

import pytest

from accounts.models import Membership
from tests.api.spacebring.conftest import BASE, assert_error, assert_matches


def url(ticket):
    return f"{BASE}/{ticket.pk}/assignee"


def test_assign_then_unassign(admin_api, ticket, area_a_user):
    ref = str(Membership.objects.get(user=area_a_user).pk)
    response = admin_api.put(url(ticket), {"ticket": {"membershipRefAssignee": ref}})
    assert response.status_code == 200, response.content
    body = response.json()
    assert_matches("activity", body)
    assert body["ticket"]["membershipRefAssignee"] == ref
    assert body["activity"]["type"] == "assigneeUpdated"
    assert body["activity"]["data"]["membershipAssignee"]["id"] == ref

    body = admin_api.put(url(ticket), {"ticket": {"membershipRefAssignee": None}}).json()
    assert_matches("activity", body)
    assert body["ticket"]["userAssignee"] is None
    assert body["activity"]["data"]["previousAttributes"]["membershipAssignee"]["id"] == ref


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("mesa", 200), ("area_own", 403), ("area_other", 403), ("usuario", 403)],
)
def test_assign_role_matrix(api_as, users, ticket, area_a_user, role, status):
    ref = str(Membership.objects.get(user=area_a_user).pk)
    before = ticket.activities.count()
    response = api_as(users[role]).put(url(ticket), {"ticket": {"membershipRefAssignee": ref}})
    ticket.refresh_from_db()
    if status == 200:
        assert response.status_code == 200
        assert ticket.assignee == area_a_user
        entry = ticket.activities.last()
        # Who works the ticket is internal history: the requester does not read it.
        assert (entry.type, entry.public, entry.actor) == ("assigneeUpdated", False, users[role])
    else:
        assert_error(response, status, "forbidden")
        assert ticket.assignee is None
        assert ticket.activities.count() == before


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ("nope", "ticket.membershipRefAssignee"),
        ("00000000-0000-0000-0000-000000000000", "ticket.membershipRefAssignee"),
    ],
)
def test_bad_membership_is_400(admin_api, ticket, value, field):
    response = admin_api.put(url(ticket), {"ticket": {"membershipRefAssignee": value}})
    assert assert_error(response, 400, "validation")["message"].startswith(field)


def test_assigning_an_agent_of_another_area_is_400(admin_api, ticket, area_b_user):
    ref = str(Membership.objects.get(user=area_b_user).pk)
    response = admin_api.put(url(ticket), {"ticket": {"membershipRefAssignee": ref}})
    assert_error(response, 400, "validation")


def test_readonly_scope_cannot_assign(api_as, admin_user, ticket):
    response = api_as(admin_user, scopes="support.readonly").put(
        url(ticket), {"ticket": {"membershipRefAssignee": None}}
    )
    assert_error(response, 403, "forbidden")
