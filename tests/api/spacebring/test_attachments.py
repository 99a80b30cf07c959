"""POST /support/tickets/v1/attachments (our extension) and attachments by key in create
and comment; histories with files validate against the contract's schema."""

import pytest
from django.test import Client

from tests import files
from tests.api.spacebring.conftest import BASE, assert_error, assert_matches
from tickets.models import Attachment

URL = f"{BASE}/attachments"


def upload(caller, file):
    return Client().post(URL, {"file": file}, headers=caller.headers)


def test_upload_returns_the_contracts_attachment_object(admin_api):
    response = upload(admin_api, files.png("foto.png", 8, 6))
    assert response.status_code == 201, response.content
    attachment = response.json()["attachment"]
    assert set(response.json()) == {"attachment"}
    assert set(attachment) == {"key", "mime", "name", "size", "url", "height", "width"}
    assert (attachment["mime"], attachment["name"], attachment["width"], attachment["height"]) == (
        "image/png",
        "foto.png",
        8,
        6,
    )
    assert attachment["url"].endswith(f"{URL}/{attachment['key']}")
    # The uploader may fetch it before it is referenced; nobody else may.
    assert Client().get(f"{URL}/{attachment['key']}", headers=admin_api.headers).status_code == 200


def test_pdf_object_has_no_dimensions(admin_api):
    attachment = upload(admin_api, files.pdf()).json()["attachment"]
    assert "width" not in attachment and "height" not in attachment


def test_others_cannot_fetch_an_unreferenced_upload(admin_api, api_as, mesa_user):
    key = upload(admin_api, files.pdf()).json()["attachment"]["key"]
    assert_error(api_as(mesa_user).get(f"{URL}/{key}"), 404, "notFound")


@pytest.mark.parametrize(
    ("make", "status", "type_"),
    [
        (files.exe_as_pdf, 415, "unsupportedMediaType"),
        (files.svg_with_script, 415, "unsupportedMediaType"),
        (files.html, 415, "unsupportedMediaType"),
        (files.zip_bomb, 415, "unsupportedMediaType"),
        (files.huge_png, 413, "tooLarge"),
    ],
)
def test_hostile_upload_answers_in_the_faces_error_shape(admin_api, make, status, type_):
    body = assert_error(upload(admin_api, make()), status, type_)
    assert body["message"].startswith("file:")
    assert not Attachment.objects.exists()


def test_too_large_upload_is_413(admin_api, settings):
    settings.HELPDESK_ATTACHMENT_MAX_BYTES = 1024
    assert_error(upload(admin_api, files.text(body="a" * 4096)), 413, "tooLarge")


def test_upload_without_file_is_400_and_json_is_415(admin_api):
    assert_error(Client().post(URL, {}, headers=admin_api.headers), 400, "validation")
    assert_error(admin_api.post(URL, {"file": "x"}), 415, "unsupportedMediaType")


def test_readonly_scope_cannot_upload(api_as, admin_user):
    assert_error(
        upload(api_as(admin_user, scopes="support.readonly"), files.png()), 403, "forbidden"
    )


def test_create_references_uploads_by_key_and_history_matches_the_contract(
    admin_api, location, priorities
):
    first = upload(admin_api, files.png()).json()["attachment"]
    second = upload(admin_api, files.pdf()).json()["attachment"]
    body = {
        "ticket": {
            "locationRef": str(location.pk),
            "text": "Se rompió el grifo",
            "attachments": [{"key": first["key"]}, second],
        }
    }
    response = admin_api.post(BASE, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert_matches("ticket", data)
    assert data["activities"][0]["data"]["attachments"] == [first, second]
    detail = admin_api.get(f"{BASE}/{data['ticket']['id']}").json()
    assert_matches("ticket", detail)
    assert detail["activities"][0]["data"]["attachments"] == [first, second]


def test_comment_with_files_and_no_text_matches_the_contract(admin_api, ticket):
    attachment = upload(admin_api, files.png()).json()["attachment"]
    response = admin_api.post(
        f"{BASE}/{ticket.pk}/comments", {"comment": {"attachments": [attachment]}}
    )
    assert response.status_code == 201, response.content
    assert_matches("activity", response.json())
    history = admin_api.get(f"{BASE}/{ticket.pk}").json()
    assert_matches("ticket", history)
    assert history["activities"][-1]["data"]["attachments"] == [attachment]


def test_unknown_key_in_create_is_400_naming_the_field(admin_api, location, priorities):
    body = {
        "ticket": {"locationRef": str(location.pk), "text": "x", "attachments": [{"key": "nope"}]}
    }
    message = assert_error(admin_api.post(BASE, body), 400, "validation")["message"]
    assert message.startswith("ticket.attachments[0].key")


def test_someone_elses_upload_is_400(admin_api, api_as, mesa_user, ticket):
    key = upload(admin_api, files.png()).json()["attachment"]["key"]
    response = api_as(mesa_user).post(
        f"{BASE}/{ticket.pk}/comments",
        {"comment": {"text": "Texto", "attachments": [{"key": key}]}},
    )
    assert assert_error(response, 400, "validation")["message"].startswith(
        "comment.attachments[0].key"
    )


def test_history_query_count_does_not_grow_with_files(admin_api, ticket, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tickets import services

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            assert admin_api.get(f"{BASE}/{ticket.pk}").status_code == 200
        return len(ctx.captured_queries)

    services.ticket_comment(actor=admin_user, ticket=ticket, text="Texto a", uploads=[files.png()])
    measure()  # warm: the API client's first call records its use
    small = measure()
    for _ in range(5):
        services.ticket_comment(
            actor=admin_user, ticket=ticket, text="Texto b", uploads=[files.png(), files.pdf()]
        )
    assert measure() == small
