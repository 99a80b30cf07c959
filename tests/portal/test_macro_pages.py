"""The portal's macro pages: who may list, create, edit and delete which macros."""

import pytest
from django.urls import reverse

from tickets import services
from tickets.models import Macro

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(users):
    return services.macro_create(actor=users["mesa"], name="Compartida", body="Hola {label}")


@pytest.fixture
def of_area_a(users, area_a):
    return services.macro_create(
        actor=users["mesa"], name="De Tecnología", body="Hola", area_scope=area_a
    )


def body(**fields):
    return {"name": "Nueva", "body": "Hola {requester_name}", "set_status": "", **fields}


# role -> (list shows shared, list shows area A's, may create shared, may create area A's)
MATRIX = {
    "admin": (True, True, True, True),
    "mesa": (True, True, True, True),
    "area_own": (False, True, False, True),
    "area_other": (False, False, False, False),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_macro_pages_follow_the_role_matrix(client_for, area_a, shared, of_area_a, role):
    lists_shared, lists_a, creates_shared, creates_a = MATRIX[role]
    client = client_for(role)
    html = client.get(reverse("portal:macros")).content.decode()
    assert ("Compartida" in html) is lists_shared
    assert ("De Tecnología" in html) is lists_a

    before = Macro.objects.count()
    response = client.post(reverse("portal:macro-new"), body(area_scope=""))
    if creates_shared:
        assert response.status_code == 302
    else:
        assert response.status_code in (400, 403)
    response = client.post(reverse("portal:macro-new"), body(area_scope=area_a.pk))
    assert (response.status_code == 302) is creates_a
    assert Macro.objects.count() == before + creates_shared + creates_a

    edit = client.post(reverse("portal:macro", args=[of_area_a.pk]), body(area_scope=area_a.pk))
    assert (edit.status_code == 302) is creates_a
    delete = client.post(reverse("portal:macro-delete", args=[shared.pk]))
    assert (delete.status_code == 302) is creates_shared
    assert Macro.objects.filter(pk=shared.pk).exists() is not creates_shared


@pytest.mark.parametrize("role", ["usuario", "anon"])
def test_requesters_and_anonymous_never_reach_the_macro_pages(client_for, shared, role):
    client = client_for(role)
    for response in (
        client.get(reverse("portal:macros")),
        client.post(reverse("portal:macro-new"), body()),
        client.post(reverse("portal:macro-delete", args=[shared.pk])),
    ):
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "login" in response.url
    assert Macro.objects.count() == 1


def test_an_unknown_placeholder_is_a_form_error_when_saved(client_for):
    response = client_for("mesa").post(reverse("portal:macro-new"), body(body="Hola {nombre}"))
    assert response.status_code == 400
    assert "Marcador desconocido {nombre}" in response.content.decode()
    assert not Macro.objects.exists()


def test_macros_are_in_the_django_admin_with_the_same_rule(client_for):
    client = client_for("admin")
    assert client.get(reverse("admin:tickets_macro_changelist")).status_code == 200
    response = client.post(
        reverse("admin:tickets_macro_add"), {"name": "X", "body": "Hola {nombre}", "note": ""}
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Macro.objects.exists()


def test_a_macro_page_sets_what_its_pause_waits_for(client_for):
    client = client_for("mesa")
    data = {
        "name": "Más datos",
        "body": "¿Nos cuenta más, {requester_name}?",
        "set_status": "PAUSADO",
        "set_pause_kind": "requester",
    }
    assert client.post(reverse("portal:macro-new"), data).status_code == 302
    assert Macro.objects.get(name="Más datos").set_pause_kind == "requester"
    data.update(name="Sin pausa", set_status="RESUELTO")
    client.post(reverse("portal:macro-new"), data)
    assert Macro.objects.get(name="Sin pausa").set_pause_kind == ""  # only with a pause
