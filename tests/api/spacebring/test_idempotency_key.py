"""``Idempotency-Key`` on ``POST /support/tickets/v1`` and the comments endpoint (extension):
a retry answers the first response and creates nothing; another body is a 409 conflict."""

import pytest

from tests.api.spacebring.conftest import BASE, assert_error
from tickets.models import Activity, ActivityType, Ticket


@pytest.fixture
def body(location, area_mesa, priorities):
    return {"ticket": {"locationRef": str(location.pk), "text": "No hay internet en la sala 3"}}


def test_a_retried_create_answers_the_first_response_and_creates_nothing(admin_api, body):
    first = admin_api.post(BASE, body, headers={"Idempotency-Key": "create-1"})
    again = admin_api.post(BASE, body, headers={"Idempotency-Key": "create-1"})

    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Ticket.objects.count() == 1


def test_the_same_key_with_another_body_is_a_409_conflict(admin_api, body, location):
    admin_api.post(BASE, body, headers={"Idempotency-Key": "create-1"})
    other = {"ticket": {"locationRef": str(location.pk), "text": "Otra cosa"}}
    response = admin_api.post(BASE, other, headers={"Idempotency-Key": "create-1"})

    assert_error(response, 409, "conflict")
    assert Ticket.objects.count() == 1


def test_the_same_key_on_another_endpoint_is_a_409_conflict(admin_api, body, ticket):
    admin_api.post(BASE, body, headers={"Idempotency-Key": "k"})
    comment = {"comment": {"text": "Revisado"}}
    response = admin_api.post(
        f"{BASE}/{ticket.pk}/comments", comment, headers={"Idempotency-Key": "k"}
    )
    assert_error(response, 409, "conflict")


def test_a_retried_comment_is_written_once(admin_api, ticket):
    url = f"{BASE}/{ticket.pk}/comments"
    comment = {"comment": {"text": "Ya revisamos el router"}}
    first = admin_api.post(url, comment, headers={"Idempotency-Key": "c-1"})
    again = admin_api.post(url, comment, headers={"Idempotency-Key": "c-1"})

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Activity.objects.filter(ticket=ticket, type=ActivityType.COMMENT).count() == 1


def test_keys_belong_to_their_api_client(api_as, admin_user, body):
    one, two = api_as(admin_user), api_as(admin_user)
    assert one.post(BASE, body, headers={"Idempotency-Key": "same"}).status_code == 201
    assert two.post(BASE, body, headers={"Idempotency-Key": "same"}).status_code == 201
    assert Ticket.objects.count() == 2


def test_a_malformed_key_is_a_validation_error(admin_api, body):
    response = admin_api.post(BASE, body, headers={"Idempotency-Key": "x" * 300})
    assert_error(response, 400, "validation")
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "method"),
    [("/support/tickets/v1", "post"), ("/support/tickets/v1/{id}/comments", "post")],
)
def test_the_served_schema_documents_the_header_and_the_409(client, path, method):
    operation = client.get("/api/schema/?format=json").json()["paths"][path][method]
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert (header["in"], header.get("required", False)) == ("header", False)
    assert (header["schema"]["minLength"], header["schema"]["maxLength"]) == (1, 255)
    assert "Idempotency-Key" in operation["responses"]["409"]["description"]
    assert "Idempotency-Key" in operation["responses"]["400"]["description"]
    assert "Idempotent-Replayed" in operation["responses"]["201"]["headers"]
