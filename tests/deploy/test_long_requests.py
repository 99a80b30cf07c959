"""Over-long request lines and headers through the deploy's nginx and gunicorn: nginx answers
414 (request line) or 431 (headers) in the shape of the face the path belongs to, never
gunicorn's HTML 400 ("Request Line is too large"); a long line nginx accepts reaches the app,
since gunicorn's own limits are off."""

import json

import pytest

from tests.deploy.test_nginx import Browser

LONG = "a" * 9000  # over nginx's 8 KB buffers
FACES = {
    "/support/tickets/v1?q=": ("spacebring", {"message", "type"}),
    "/api/tickets/dashboard?q=": ("mesa", {"message"}),
    "/oauth2/token?x=": ("oauth", {"error", "error_description"}),
}


@pytest.mark.parametrize("path", list(FACES))
def test_an_over_long_request_line_is_a_414_in_the_faces_shape(stack, path):
    response = Browser(stack).get(path + LONG)
    assert response.status == 414, response.body[:300]
    assert response.getheader("Content-Type") == "application/json"
    face, keys = FACES[path]
    body = json.loads(response.body)
    assert set(body) == keys
    if face == "spacebring":
        assert body["type"] == "validation"
    if face == "oauth":
        assert body["error"] == "invalid_request"
    assert b"Request Line is too large" not in response.body


def test_an_over_long_page_address_is_a_414_page(stack):
    response = Browser(stack).get("/consultar/?q=" + LONG)
    assert response.status == 414
    assert response.getheader("Content-Type").startswith("text/html")
    assert "demasiado larga" in response.body.decode()


@pytest.mark.parametrize("path", list(FACES))
def test_an_over_large_header_is_a_431_in_the_faces_shape(stack, path):
    response = Browser(stack).get(path.split("?")[0], **{"X-Padding": LONG})
    assert response.status == 431, response.body[:300]
    assert response.getheader("Content-Type") == "application/json"
    assert set(json.loads(response.body)) == FACES[path][1]


def test_a_long_request_line_nginx_accepts_is_answered_by_the_app_not_gunicorn(stack):
    """7 KB: over gunicorn's default 4 KB limit, under nginx's 8 KB. The app answers (the
    Spacebring face's own 401), not gunicorn's HTML 400."""
    response = Browser(stack).get("/support/tickets/v1?q=" + "a" * 7000)
    assert response.status == 401, response.body[:300]
    assert json.loads(response.body)["type"] == "unauthorized"
