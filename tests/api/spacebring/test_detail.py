"""GET /support/tickets/v1/{id} — getSupportTicket."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import files
from tests.api.spacebring.conftest import BASE, assert_error, assert_matches
from tickets import services


def _work(ticket, admin_user, area_a_user, rounds=1):
    for _ in range(rounds):
        services.ticket_assign(actor=admin_user, ticket=ticket, assignee=area_a_user)
        services.ticket_comment(
            actor=admin_user, ticket=ticket, text="Hola Laura", uploads=[files.png("a.png")]
        )
        services.ticket_assign(actor=admin_user, ticket=ticket, assignee=None)


def test_detail_lists_spacebring_activities_oldest_first_in_contract_shape(
    admin_api, ticket, admin_user, area_a_user, area_b
):
    _work(ticket, admin_user, area_a_user)
    services.ticket_transfer(actor=admin_user, ticket=ticket, area=area_b)
    services.ticket_change_status(actor=admin_user, ticket=ticket, status="RESUELTO")
    response = admin_api.get(f"{BASE}/{ticket.pk}")
    assert response.status_code == 200
    body = response.json()
    assert_matches("ticket", body)
    assert [a["type"] for a in body["activities"]] == [
        "ticketCreated",
        "assigneeUpdated",
        "comment",
        "assigneeUpdated",
        "statusUpdated",
    ]  # areaTransferred is internal and not listed
    assert body["ticket"]["status"] == "solved"


def test_activity_data_is_translated_and_expanded(admin_api, ticket, admin_user, area_a_user):
    _work(ticket, admin_user, area_a_user)
    services.ticket_change_status(actor=admin_user, ticket=ticket, status="PAUSADO")
    created, assigned, comment, unassigned = admin_api.get(f"{BASE}/{ticket.pk}").json()[
        "activities"
    ]
    assert created["data"] == {"status": "new"}
    assert assigned["data"]["status"] == "inProgress"
    assert assigned["data"]["membershipAssignee"]["user"]["id"] == str(area_a_user.pk)
    assert assigned["data"]["previousAttributes"] == {"status": "new"}
    assert assigned["membership"]["user"]["id"] == str(admin_user.pk)
    (attachment,) = comment["data"].pop("attachments")
    assert comment["data"] == {"text": "Hola Laura"}
    assert {k: attachment[k] for k in ("mime", "name", "size", "height", "width")} == {
        "mime": "image/png",
        "name": "a.png",
        "size": len(files.png_bytes()),
        "height": 3,
        "width": 4,
    }
    assert attachment["url"].endswith(f"{BASE}/attachments/{attachment['key']}")
    assert "membershipAssignee" not in unassigned["data"]
    assert unassigned["data"]["previousAttributes"]["membershipAssignee"]["user"]["id"] == str(
        area_a_user.pk
    )
    # ASIGNADO -> PAUSADO, the last change, reads inProgress -> inProgress: not listed.


def test_internal_note_is_listed_for_agents(admin_api, ticket, admin_user):
    services.ticket_comment(actor=admin_user, ticket=ticket, text="Nota interna", public=False)
    activities = admin_api.get(f"{BASE}/{ticket.pk}").json()["activities"]
    assert activities[-1]["data"] == {"text": "Nota interna"}


@pytest.mark.parametrize("ticket_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_unknown_ticket_is_404(admin_api, db, ticket_id):
    assert_error(admin_api.get(f"{BASE}/{ticket_id}"), 404, "notFound")


def test_ticket_of_another_network_is_404(admin_api, make_ticket, other_location):
    foreign = make_ticket(location=other_location)
    assert_error(admin_api.get(f"{BASE}/{foreign.pk}"), 404, "notFound")


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("mesa", 200), ("area_own", 200), ("area_other", 403), ("usuario", 403)],
)
def test_detail_role_matrix(api_as, users, ticket, role, status):
    response = api_as(users[role]).get(f"{BASE}/{ticket.pk}")
    if status == 200:
        assert response.status_code == 200
        assert response.json()["ticket"]["id"] == str(ticket.pk)
    else:
        assert_error(response, status, "forbidden")


def test_detail_query_count_does_not_grow_with_history(
    admin_api, make_ticket, admin_user, area_a_user, django_assert_num_queries
):
    few, many = make_ticket(), make_ticket()
    _work(few, admin_user, area_a_user, rounds=1)
    _work(many, admin_user, area_a_user, rounds=15)
    admin_api.get(BASE)  # first call records last_used_at once
    with CaptureQueriesContext(connection) as small:
        assert len(admin_api.get(f"{BASE}/{few.pk}").json()["activities"]) == 4
    with django_assert_num_queries(len(small)):
        assert len(admin_api.get(f"{BASE}/{many.pk}").json()["activities"]) == 46


def test_no_empty_activities_priority_and_area_changes_stay_in_the_mesa_history(
    admin_api, ticket, mesa_user, area_b
):
    # actualizar that changes only the priority, then only the area: Mesa history only.
    services.ticket_update(actor=mesa_user, ticket=ticket, priority="ALTA")
    services.ticket_update(actor=mesa_user, ticket=ticket, area=area_b.code)
    # A status change with a response: statusUpdated with status, then the comment.
    services.ticket_update(actor=mesa_user, ticket=ticket, status="RESUELTO", response="Listo ya")
    body = admin_api.get(f"{BASE}/{ticket.pk}").json()
    assert_matches("ticket", body)
    activities = body["activities"]
    assert [a["type"] for a in activities] == ["ticketCreated", "statusUpdated", "comment"]
    assert activities[1]["data"] == {"status": "solved", "previousAttributes": {"status": "new"}}
    assert activities[2]["data"] == {"text": "Listo ya"}
    assert all(a["data"] for a in activities)
    assert ticket.activities.count() == 5  # the Mesa history keeps all of them


def test_a_status_change_the_client_cannot_see_is_not_listed(
    admin_api, ticket, mesa_user, area_a_user
):
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
    services.ticket_update(actor=mesa_user, ticket=ticket, status="EN_PROCESO", priority="ALTA")
    services.ticket_pause(actor=mesa_user, ticket=ticket)
    activities = admin_api.get(f"{BASE}/{ticket.pk}").json()["activities"]
    assert [a["type"] for a in activities] == ["ticketCreated", "assigneeUpdated"]
    for activity in activities:
        previous = activity["data"].get("previousAttributes", {})
        assert previous.get("status") != activity["data"].get("status")
