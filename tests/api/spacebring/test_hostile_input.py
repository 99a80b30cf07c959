"""Regressions found by fuzzing the Spacebring face: hostile input is a 4xx in this face's
shape, never a 5xx."""

import base64
import json

import pytest
from django.test import Client, override_settings

from tests.api.spacebring.conftest import ApiCaller, assert_error, basic_header
from tickets import services

BASE = "/support/tickets/v1"


def _token(parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


def test_deeply_nested_json_is_a_parse_error(admin_api):
    body = "[" * 3000 + "]" * 3000
    response = admin_api.client.post(
        BASE, data=body, content_type="application/json", headers=admin_api.headers
    )
    assert_error(response, 400, "validation")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_body_over_the_size_limit_is_413(admin_api, location):
    response = admin_api.post(
        BASE, {"ticket": {"locationRef": str(location.pk), "text": "x" * 2000}}
    )
    assert_error(response, 413, "tooLarge")


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_too_many_query_parameters_is_400_json(admin_api):
    query = "&".join(f"x{i}=1" for i in range(20))
    assert_error(admin_api.get(f"{BASE}?{query}"), 400, "validation")


@pytest.mark.parametrize(
    "parts",
    [
        ["2026-01-01T00:00:00+00:00", 1],
        ["2026-01-01T00:00:00+00:00", ["x"]],
        [5, "3c90c3cc-0d44-4b50-8888-8dd25736052a"],
        ["0001-01-01T00:00:00+05:00", "3c90c3cc-0d44-4b50-8888-8dd25736052a"],
        ["9999-12-31T23:59:59-05:00", "3c90c3cc-0d44-4b50-8888-8dd25736052a"],
    ],
)
def test_crafted_page_token_is_400_naming_it(admin_api, parts):
    body = assert_error(admin_api.get(BASE, data={"pageToken": _token(parts)}), 400, "validation")
    assert "pageToken" in body["message"]


@pytest.mark.parametrize("field", ["createDateFrom", "createDateTo"])
def test_date_filter_at_the_end_of_time_is_not_a_server_error(admin_api, field):
    response = admin_api.get(BASE, data={field: "9999-12-31T20:00:00"})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert field in response.json()["message"]
    else:
        assert isinstance(response.json()["tickets"], list)


def test_naive_date_filter_is_read_as_utc(admin_api, make_ticket):
    ticket = make_ticket()
    stamp = ticket.created_at.replace(tzinfo=None).isoformat()
    ids = [t["id"] for t in admin_api.get(BASE, data={"createDateFrom": stamp}).json()["tickets"]]
    assert ids == [str(ticket.pk)]


def test_nul_byte_in_basic_credentials_is_401(db):
    caller = ApiCaller(Authorization=basic_header("a\x00b", "c"))
    assert_error(caller.get(BASE), 401, "unauthorized")


def test_bad_host_header_is_400_json():
    response = Client().get(BASE, HTTP_HOST="bad host!")
    assert response.status_code == 400
    assert response.json()["type"] == "validation"


def test_requester_cannot_list_tickets(api_as, requester):
    assert_error(api_as(requester).get(BASE), 403, "forbidden")


def test_assignee_error_names_this_face_field(admin_api, ticket, area_b_user):
    from accounts.models import Membership

    membership = Membership.objects.get(user=area_b_user)
    response = admin_api.put(
        f"{BASE}/{ticket.pk}/assignee", {"ticket": {"membershipRefAssignee": str(membership.pk)}}
    )
    body = assert_error(response, 400, "validation")
    assert body["message"].startswith("ticket.membershipRefAssignee:")


def test_setting_the_status_a_ticket_already_has_is_a_no_op_that_writes_nothing(
    admin_api, ticket, admin_user
):
    services.ticket_change_status(actor=admin_user, ticket=ticket, status="EN_PROCESO")
    before = ticket.activities.count()
    response = admin_api.put(f"{BASE}/{ticket.pk}/status", {"ticket": {"status": "inProgress"}})
    assert response.status_code == 200
    assert ticket.activities.count() == before
