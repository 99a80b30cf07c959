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
    response = admin_api.put(url(ticket), {"ticket": {"status": "new"}})
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert response.json()["ticket"]["status"] == "new"
    assert ticket.status == Status.NUEVO
    entry = ticket.activities.last()
    assert (entry.type, entry.public, entry.actor) == ("statusUpdated", True, admin_user)


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
        ticket.refresh_from_db()
        assert ticket.status == Status.RESUELTO
        entry = ticket.activities.last()
        assert (entry.type, entry.public, entry.actor) == ("statusUpdated", True, users[role])
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


# --- Idempotent: asking for the status the ticket already shows writes nothing ----------


@pytest.mark.parametrize(
    ("internal", "shown"),
    [
        ("NUEVO", "new"),
        ("ASIGNADO", "inProgress"),
        ("EN_PROCESO", "inProgress"),
        ("RESUELTO", "solved"),
        ("CERRADO", "closed"),
    ],
)
def test_put_of_the_status_already_shown_is_200_and_writes_nothing(
    admin_api, admin_user, area_a_user, ticket, mailoutbox, internal, shown
):
    if internal == "ASIGNADO":
        services.ticket_assign(actor=admin_user, ticket=ticket, assignee=area_a_user)
    elif internal != "NUEVO":
        services.ticket_change_status(actor=admin_user, ticket=ticket, status=internal)
    before = (ticket.activities.count(), len(mailoutbox))
    ticket.refresh_from_db()
    updated_at = ticket.updated_at

    response = admin_api.put(url(ticket), {"ticket": {"status": shown}})

    assert response.status_code == 200, response.content
    body = response.json()
    assert_matches("activity", body)
    assert body["ticket"]["status"] == shown
    # ``activity`` is the one that set the status shown (ticketCreated when none did).
    assert body["activity"]["data"]["status"] == shown
    expected_type = {"NUEVO": "ticketCreated", "ASIGNADO": "assigneeUpdated"}.get(
        internal, "statusUpdated"
    )
    assert body["activity"]["type"] == expected_type
    ticket.refresh_from_db()
    assert ticket.status == internal
    assert ticket.updated_at == updated_at
    assert (ticket.activities.count(), len(mailoutbox)) == before


@pytest.mark.parametrize("terminal", ["cancel", "archive"])
def test_put_closed_on_a_cancelled_or_archived_ticket_stays_409(
    admin_api, admin_user, ticket, terminal
):
    getattr(services, f"ticket_{terminal}")(actor=admin_user, ticket=ticket)
    before = ticket.activities.count()
    response = admin_api.put(url(ticket), {"ticket": {"status": "closed"}})
    body = assert_error(response, 409, "conflict")
    assert body["message"] == "The ticket is closed for good: it takes no more changes or comments."
    assert ticket.activities.count() == before


def test_a_no_op_still_needs_the_role(api_as, users, ticket):
    response = api_as(users["usuario"]).put(url(ticket), {"ticket": {"status": "new"}})
    assert_error(response, 403, "forbidden")
    response = api_as(users["area_other"]).put(url(ticket), {"ticket": {"status": "new"}})
    assert_error(response, 403, "forbidden")


# --- Resuming a pause is work an AREA agent does on its own area -----------------------


@pytest.mark.parametrize(
    ("role", "code"),
    [("admin", 200), ("mesa", 200), ("area_own", 200), ("area_other", 403), ("usuario", 403)],
)
def test_in_progress_on_a_paused_ticket_role_matrix(api_as, users, ticket, role, code):
    services.ticket_pause(actor=users["mesa"], ticket=ticket)
    response = api_as(users[role]).put(url(ticket), {"ticket": {"status": "inProgress"}})
    assert response.status_code == code, response.content
    ticket.refresh_from_db()
    if code == 200:
        assert response.json()["ticket"]["status"] == "inProgress"
        assert ticket.status == Status.EN_PROCESO
    else:
        assert ticket.status == Status.PAUSADO


def test_in_progress_on_a_paused_ticket_resumes_it_and_restarts_the_sla_clock(
    admin_api, admin_user, area_a_user, ticket
):
    services.ticket_assign(actor=admin_user, ticket=ticket, assignee=area_a_user)
    services.ticket_pause(actor=admin_user, ticket=ticket, reason="Esperando repuesto")
    ticket.refresh_from_db()
    assert ticket.sla_paused_at is not None

    response = admin_api.put(url(ticket), {"ticket": {"status": "inProgress"}})

    assert response.status_code == 200, response.content
    body = response.json()
    assert_matches("activity", body)
    assert body["ticket"]["status"] == "inProgress"
    assert (body["activity"]["type"], body["activity"]["data"]["status"]) == (
        "statusUpdated",
        "inProgress",
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.sla_paused_at) == (Status.EN_PROCESO, None)
    latest = ticket.activities.order_by("-created_at").first()
    assert latest.data["status"] == Status.EN_PROCESO
    assert latest.data["previousAttributes"]["status"] == Status.PAUSADO


@pytest.mark.parametrize("start", ["RESUELTO", "CERRADO"])
def test_area_agent_cannot_reopen_a_solved_or_closed_ticket(api_as, users, ticket, start):
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status=start)
    response = api_as(users["area_own"]).put(url(ticket), {"ticket": {"status": "inProgress"}})
    body = assert_error(response, 403, "forbidden")
    assert body["message"] == "Your role does not allow this action."


@pytest.mark.parametrize(
    ("role", "claims"), [("admin", False), ("mesa", False), ("area_own", True)]
)
def test_status_by_an_area_agent_assigns_the_unassigned_ticket_to_it(
    api_as, users, ticket, role, claims
):
    response = api_as(users[role]).put(url(ticket), {"ticket": {"status": "inProgress"}})
    assert response.status_code == 200, response.content
    body = response.json()
    assert_matches("activity", body)
    ticket.refresh_from_db()
    assert ticket.assignee == (users[role] if claims else None)
    assert ("membershipAssignee" in body["activity"]["data"]) is claims
    if claims:
        assert body["ticket"]["membershipAssignee"]["user"]["id"] == str(users[role].pk)


def test_keys_the_contracts_body_does_not_name_are_ignored(admin_api, ticket):
    """The contract's status body has no ``additionalProperties: false``."""
    body = {"x": [], "ticket": {"status": "solved", "note": "extra"}}
    response = admin_api.put(url(ticket), body)
    assert response.status_code == 200, response.content
    ticket.refresh_from_db()
    assert ticket.status == Status.RESUELTO
