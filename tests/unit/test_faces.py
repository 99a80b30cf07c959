"""The project shell's last-resort handlers ask ``core.faces`` which way in serves a path;
each API face registers its prefix and error body in its ``AppConfig.ready()``."""

from django.test import RequestFactory

from core import faces
from helpdesk import errors


def test_each_api_face_registered_its_prefix():
    assert faces.face_for("/support/tickets").prefix == "/support/"
    assert faces.face_for("/api/tickets/crear").prefix == "/api/"
    assert faces.face_for("/portal/") is None


def test_the_bodies_are_the_faces_own():
    assert faces.face_for("/support/x").error_body(500) == {
        "message": "Internal server error.",
        "type": "internal",
    }
    assert faces.face_for("/api/x").error_body(400) == {"message": "Datos inválidos"}


def test_a_new_face_is_answered_in_its_shape_without_touching_the_shell():
    faces.register(prefix="/api/v9/", error_body=lambda status: {"failure": status})
    try:
        response = errors.server_error(RequestFactory().get("/api/v9/things"))
        assert response.status_code == 500
        assert response.content == b'{"failure": 500}'
        # The longest prefix wins; the older face keeps the rest of its paths.
        assert faces.face_for("/api/tickets").error_body(500) == {
            "message": "Error interno del servidor"
        }
    finally:
        faces._faces.pop("/api/v9/")
