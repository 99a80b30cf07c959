"""``saved_view_create`` / ``_update`` / ``_delete``: params as a flat object of short
strings under known keys, the sharing rules, owner-or-ADMIN changes."""

import pytest

from tickets.errors import NotAllowed, ValidationFailed
from tickets.models import SavedView
from tickets.services import saved_view_create, saved_view_delete, saved_view_update

pytestmark = pytest.mark.django_db


def test_params_are_kept_trimmed_and_empty_ones_dropped(users):
    view = saved_view_create(
        actor=users["mesa"], name="  Mía ", params={"tag": " vip ", "q": "", "ordering": "sla"}
    )
    assert view.name == "Mía" and view.params == {"tag": "vip", "ordering": "sla"}


@pytest.mark.parametrize(
    "params",
    [[], "x", {"nope": "1"}, {"tag": 3}, {"tag": ["a"]}, {"q": "x" * 201}],
)
def test_bad_params_are_refused(users, params):
    with pytest.raises(ValidationFailed):
        saved_view_create(actor=users["mesa"], name="X", params=params)


@pytest.mark.parametrize("name", ["", "   ", "x" * 61, None])
def test_a_name_is_required_and_short(users, name):
    with pytest.raises(ValidationFailed):
        saved_view_create(actor=users["mesa"], name=name, params={})


@pytest.mark.parametrize(
    ("role", "visibility", "area", "allowed"),
    [
        ("admin", "everyone", None, True),
        ("mesa", "everyone", None, True),
        ("area_own", "everyone", None, False),
        ("area_own", "area", "own", True),
        ("area_own", "area", "other", False),
        ("mesa", "area", "other", True),
        ("usuario", "private", None, False),
    ],
)
def test_sharing_rules(users, area_a, area_b, role, visibility, area, allowed):
    target = {"own": area_a, "other": area_b, None: None}[area]
    create = lambda: saved_view_create(  # noqa: E731
        actor=users[role], name="V", params={}, visibility=visibility, area=target
    )
    if allowed:
        assert create().area == target
    else:
        with pytest.raises(NotAllowed):
            create()


def test_sharing_with_an_area_needs_the_area(users):
    with pytest.raises(ValidationFailed):
        saved_view_create(actor=users["mesa"], name="V", params={}, visibility="area")


def test_only_the_owner_or_an_admin_changes_or_deletes(users):
    view = saved_view_create(actor=users["area_own"], name="V", params={})
    with pytest.raises(NotAllowed):
        saved_view_update(actor=users["mesa"], view=view, name="W", visibility="private")
    with pytest.raises(NotAllowed):
        saved_view_delete(actor=users["mesa"], view=view)
    assert (
        saved_view_update(actor=users["admin"], view=view, name="W", visibility="private").name
        == "W"
    )
    saved_view_delete(actor=users["area_own"], view=view)
    assert not SavedView.objects.exists()
