"""A lone surrogate (``"\\ud800"``) in a Spacebring body is a 400 ``validation``, never a 500
from quoting it back in the error message (create and status)."""

from tests.api.spacebring.conftest import BASE, assert_error


def _send(api, method: str, path: str, raw: str):
    return getattr(api.client, method)(
        path, raw, content_type="application/json", headers=api.headers
    )


def test_a_lone_surrogate_in_the_create_type_is_a_400(admin_api, location, area_mesa, priorities):
    ref = f'"locationRef": "{location.pk}"'
    raw = '{"ticket": {' + ref + ', "text": "Sin red", "type": "\\ud800"}}'
    assert_error(_send(admin_api, "post", BASE, raw), 400, "validation")


def test_a_lone_surrogate_in_the_status_is_a_400(admin_api, ticket):
    raw = '{"ticket": {"status": "\\udc00open"}}'
    response = _send(admin_api, "put", f"{BASE}/{ticket.pk}/status", raw)
    assert_error(response, 400, "validation")
