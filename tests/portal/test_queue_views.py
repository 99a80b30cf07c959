"""The queue's views: the default ("All open" by SLA urgency), the built-in ones, saved
views (create, share, use, rename, delete) through the portal for every role, and the
dashboard's pinned query count with views, tags and checkboxes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tickets import services
from tickets.models import SavedView, Status, Ticket

pytestmark = pytest.mark.django_db
URL = reverse("portal:dashboard")
CREATE = reverse("portal:view_create")


def labels(response) -> list[str]:
    return [t.label for t, _sla in response.context["rows"]]


def _due_in(ticket, delta):
    Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=timezone.now() + delta)


def test_default_view_lists_open_tickets_most_urgent_first(client_for, make_ticket, users):
    low = make_ticket(priority="BAJA")
    urgent = make_ticket(priority="URGENTE")
    medium = make_ticket(priority="MEDIA")
    solved = make_ticket(priority="URGENTE")
    services.ticket_change_status(actor=users["mesa"], ticket=solved, status="RESUELTO")
    response = client_for("mesa").get(URL)
    assert labels(response) == [urgent.label, medium.label, low.label]
    assert response.context["active_view"] == "open"
    html = response.content.decode()
    assert 'aria-current="page">Todos los abiertos' in html
    assert '<option value="open" selected>' in html


def test_default_view_pages_walk_by_sla_without_gaps_or_repeats(client_for, make_ticket):
    made = [make_ticket(priority=["URGENTE", "BAJA", "MEDIA"][i % 3]) for i in range(30)]
    for i, t in enumerate(made):  # ties on the due time are broken by id
        _due_in(t, timedelta(hours=i % 4))
    client = client_for("mesa")
    response = client.get(URL)
    seen = []
    while True:
        seen += [(t.sla_due_at, t.pk) for t, _sla in response.context["rows"]]
        older = response.context["page"].older
        if older is None:
            break
        qs = response.context["querystring"]
        response = client.get(f"{URL}?{qs}&after={older}")
    assert len(seen) == 30 and len(set(seen)) == 30
    assert seen == sorted(seen)


def test_more_filters_fold_away_until_one_is_used(client_for, ticket):
    client = client_for("mesa")
    assert '<details class="more-filters">' in client.get(URL).content.decode()
    assert (
        '<details class="more-filters" open>'
        in client.get(URL, {"priority": ticket.priority.pk}).content.decode()
    )


def test_my_open_tickets(client_for, make_ticket, users):
    mine, other, done = make_ticket(), make_ticket(), make_ticket()
    services.ticket_assign(actor=users["mesa"], ticket=mine, assignee=users["mesa"])
    services.ticket_assign(actor=users["mesa"], ticket=done, assignee=users["mesa"])
    services.ticket_change_status(actor=users["mesa"], ticket=done, status="RESUELTO")
    assert labels(client_for("mesa").get(URL, {"view": "mine"})) == [mine.label]
    assert other.label not in labels(client_for("mesa").get(URL, {"view": "mine"}))


@pytest.mark.parametrize(("role", "sees_b"), [("mesa", True), ("area_own", False)])
def test_unassigned_in_my_areas(client_for, make_ticket, users, area_b, role, sees_b):
    free_a, free_b, taken = make_ticket(), make_ticket(area=area_b), make_ticket()
    services.ticket_assign(actor=users["mesa"], ticket=taken, assignee=users["area_own"])
    found = set(labels(client_for(role).get(URL, {"view": "unassigned"})))
    assert free_a.label in found and taken.label not in found
    assert (free_b.label in found) is sees_b


def test_breaching_soon_is_open_and_due_within_hours_overdue_first(client_for, make_ticket, users):
    soon, late, far, solved = make_ticket(), make_ticket(), make_ticket(), make_ticket()
    _due_in(soon, timedelta(hours=2))
    _due_in(late, -timedelta(hours=1))
    _due_in(far, timedelta(hours=30))
    services.ticket_change_status(actor=users["mesa"], ticket=solved, status="RESUELTO")
    _due_in(solved, timedelta(hours=1))
    assert labels(client_for("mesa").get(URL, {"view": "breaching"})) == [late.label, soon.label]


def test_a_parameter_beside_the_view_narrows_it(client_for, make_ticket):
    a, b = make_ticket(subject="Proyector"), make_ticket(subject="Silla")
    assert labels(client_for("mesa").get(URL, {"view": "open", "q": b.label})) == [b.label]
    assert a.label not in labels(client_for("mesa").get(URL, {"view": "open", "q": b.label}))


def test_an_unknown_view_falls_back_to_the_default(client_for, ticket):
    response = client_for("mesa").get(URL, {"view": "99999"})
    assert response.status_code == 200 and response.context["active_view"] == "open"


# Saved views ---------------------------------------------------------------------------


def _save(client, name, querystring="group=open&ordering=sla", visibility="private", area=""):
    data = {"name": name, "querystring": querystring, "visibility": visibility, "area": area}
    return client.post(CREATE, data)


@pytest.mark.parametrize("role", ["admin", "mesa", "area_own", "area_other"])
def test_every_agent_saves_a_private_view_only_they_see(client_for, make_ticket, role, users):
    make_ticket()
    response = _save(client_for(role), "Lo mío", "tag=vip&ordering=-created")
    view = SavedView.objects.get()
    assert response.status_code == 302 and response.url == f"{URL}?view={view.pk}"
    assert view.owner == users[role] and view.params == {"tag": "vip", "ordering": "-created"}
    others = [r for r in ("admin", "mesa", "area_own", "area_other") if r != role]
    assert SavedView.objects.get().visibility == "private"
    for other in others:
        assert "Lo mío" not in client_for(other).get(URL).content.decode()
    assert "Lo mío" in client_for(role).get(URL).content.decode()


@pytest.mark.parametrize(
    ("role", "visibility", "area", "allowed"),
    [
        ("admin", "everyone", None, True),
        ("mesa", "everyone", None, True),
        ("area_own", "everyone", None, False),
        ("mesa", "area", "b", True),
        ("area_own", "area", "a", True),
        ("area_own", "area", "b", False),
    ],
)
def test_who_may_share_with_whom(client_for, area_a, area_b, role, visibility, area, allowed):
    area_pk = {"a": area_a.pk, "b": area_b.pk, None: ""}[area]
    response = _save(client_for(role), "Compartida", visibility=visibility, area=area_pk)
    assert response.status_code == (302 if allowed else 403)
    assert SavedView.objects.exists() is allowed


def test_a_view_shared_with_an_area_reaches_that_area_and_the_desk_only(client_for, ticket, area_a):
    _save(client_for("mesa"), "De tecnología", visibility="area", area=area_a.pk)
    view = SavedView.objects.get()
    for role, sees in [("admin", True), ("area_own", True), ("area_other", False)]:
        html = client_for(role).get(URL).content.decode()
        assert ("De tecnología" in html) is sees
        response = client_for(role).get(URL, {"view": view.pk})
        assert (response.context["active_view"] == str(view.pk)) is sees


def test_a_shared_view_never_widens_what_its_user_sees(client_for, make_ticket, area_b):
    theirs = make_ticket(area=area_b)
    _save(client_for("mesa"), "Mantenimiento", f"area={area_b.pk}", visibility="everyone")
    view = SavedView.objects.get()
    desk = client_for("mesa").get(URL, {"view": view.pk})
    assert labels(desk) == [theirs.label]
    area_agent = client_for("area_own").get(URL, {"view": view.pk})
    assert area_agent.context["active_view"] == str(view.pk) and labels(area_agent) == []


def test_invalid_filters_are_not_saved(client_for):
    response = _save(client_for("mesa"), "Mala", "status=NOPE")
    assert response.status_code == 302 and not SavedView.objects.exists()
    follow = client_for("mesa").get(response.url)
    assert follow.status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [("area_own", 302), ("admin", 302), ("mesa", 403), ("area_other", 404), ("usuario", 403)],
)
def test_rename_and_delete_are_the_owners_or_an_admins(client_for, role, status, area_a):
    _save(client_for("area_own"), "Mía", visibility="area", area=area_a.pk)
    view = SavedView.objects.get()
    client = client_for(role)
    rename = client.post(
        reverse("portal:view_update", args=[view.pk]),
        {"name": "Renombrada", "visibility": "area", "area": area_a.pk},
    )
    assert rename.status_code == status
    view.refresh_from_db()
    assert (view.name == "Renombrada") is (status == 302)
    delete = client.post(reverse("portal:view_delete", args=[view.pk]))
    assert delete.status_code == status
    assert SavedView.objects.filter(pk=view.pk).exists() is (status != 302)


def test_the_views_page_lists_usable_views_with_forms_for_own_ones(client_for, area_a):
    _save(client_for("mesa"), "Del escritorio", visibility="everyone")
    _save(client_for("area_own"), "Propia")
    html = client_for("area_own").get(reverse("portal:views")).content.decode()
    assert "Del escritorio" in html and "Propia" in html
    own = SavedView.objects.get(name="Propia")
    other = SavedView.objects.get(name="Del escritorio")
    assert reverse("portal:view_delete", args=[own.pk]) in html
    assert reverse("portal:view_delete", args=[other.pk]) not in html


@pytest.mark.parametrize("role", ["usuario", "anon"])
def test_requesters_and_anonymous_cannot_save_views(client_for, role):
    response = _save(client_for(role), "X")
    assert response.status_code == (403 if role == "usuario" else 302)
    assert not SavedView.objects.exists()


# Query count ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["mesa", "area_own"])
def test_dashboard_with_a_saved_view_tags_and_checkboxes_costs_the_same_for_1_or_50_rows(
    client_for, make_ticket, users, role
):
    client = client_for(role)
    _save(client, "Abiertos por ANS")
    _save(client_for("mesa"), "Compartida", visibility="everyone")
    view = SavedView.objects.get(name="Abiertos por ANS")

    def fill(n):
        for i in range(n):
            t = make_ticket(subject=f"T{i}")
            services.ticket_tag_add(actor=users["mesa"], ticket=t, name=f"tag-{i % 3}")
            services.ticket_tag_add(actor=users["mesa"], ticket=t, name="todos")
            if i % 2:
                services.ticket_assign(actor=users["mesa"], ticket=t, assignee=users["area_own"])

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {"view": view.pk})
        html = response.content.decode()
        assert response.status_code == 200 and html.count('name="tickets"') == len(
            response.context["rows"]
        )
        assert "#todos" in html
        return len(ctx.captured_queries), len(response.context["rows"])

    fill(1)
    client.get(URL)
    small, rows_small = measure()
    fill(49)
    large, rows_large = measure()
    assert (rows_small, rows_large) == (1, 25)
    assert small == large
    # session, user, the saved view, areas (visible ids, choices), agents, priorities, the
    # page, its tags, the usable saved views, the counters, the bulk form's agents, areas
    # and macros, the bell (and the AREA agent's area for the header): 16 (15 before the
    # bulk macro).
    assert large == 16


def test_status_counts_stay_in_one_row_of_links(client_for, make_ticket, users):
    t = make_ticket()
    services.ticket_change_status(actor=users["mesa"], ticket=t, status=Status.EN_PROCESO)
    html = client_for("mesa").get(URL).content.decode()
    assert html.count('<ul class="counts">') == 1
    assert 'href="?status=EN_PROCESO"' in html
