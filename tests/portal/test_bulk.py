"""Bulk actions from the dashboard (POST /portal/bulk/): the role matrix, the result page
(done, and why each other was not), "every ticket on this page", the limit."""

import pytest
from django.urls import reverse

from tickets.models import Activity, Status, Ticket

URL = reverse("portal:bulk")
DASHBOARD = reverse("portal:dashboard")
pytestmark = pytest.mark.django_db


def _post(client, tickets, operation, **params):
    data = {"operation": operation, "tickets": [str(t.pk) for t in tickets], **params}
    return client.post(URL, {**data, "next": f"{DASHBOARD}?view=mine"})


@pytest.mark.parametrize(
    ("role", "done"),
    [("admin", True), ("mesa", True), ("area_own", True), ("area_other", False)],
)
@pytest.mark.parametrize(
    ("operation", "params", "check"),
    [
        ("status", {"status": "EN_PROCESO"}, lambda t: t.status == Status.EN_PROCESO),
        ("priority", {"priority": "URGENTE"}, lambda t: t.priority.name == "URGENTE"),
        ("tag", {"tag": "VIP client"}, lambda t: t.tags.filter(name="vip-client").exists()),
    ],
)
def test_area_work_operations_follow_the_role_matrix(
    client_for, ticket, role, done, operation, params, check
):
    response = _post(client_for(role), [ticket], operation, **params)
    assert response.status_code == 200
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert check(ticket) is done
    html = response.content.decode()
    if done:
        assert 'data-testid="bulk-done"' in html and ticket.label in html
    else:
        assert 'data-testid="bulk-refused"' in html
        assert "El ticket pertenece a otra área." in html


@pytest.mark.parametrize(("role", "done"), [("admin", True), ("mesa", True)])
def test_desk_assigns_in_bulk(client_for, make_ticket, users, role, done):
    tickets = [make_ticket(), make_ticket()]
    response = _post(client_for(role), tickets, "assign", assignee=str(users["area_own"].pk))
    assert response.status_code == 200
    assert Ticket.objects.filter(assignee=users["area_own"]).count() == 2


def test_assign_is_not_offered_to_an_area_agent_and_a_forged_post_changes_nothing(
    client_for, ticket, users
):
    client = client_for("area_own")
    html = client.get(DASHBOARD).content.decode()
    assert '<option value="assign">' not in html and '<option value="status">' in html
    response = _post(client, [ticket], "assign", assignee=str(users["area_own"].pk))
    assert response.status_code == 302 and response.url == f"{DASHBOARD}?view=mine"
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_transfer_by_an_area_agent_reports_two_done_and_one_refused(
    client_for, make_ticket, area_b, area_mesa, users
):
    from tickets import services

    own = [make_ticket(), make_ticket()]
    moved = make_ticket()
    services.ticket_transfer(actor=users["mesa"], ticket=moved, area=area_b)  # after page load
    response = _post(client_for("area_own"), [*own, moved], "transfer", area=str(area_mesa.pk))
    html = response.content.decode()
    assert "Hechos: 2 · no hechos: 1" in html
    assert f"<strong>{moved.label}</strong> — El ticket pertenece a otra área." in html
    assert Ticket.objects.filter(area=area_mesa).count() == 2
    moved.refresh_from_db()
    assert moved.area == area_b


def test_every_ticket_on_this_page_without_javascript(client_for, make_ticket):
    tickets = [make_ticket() for _ in range(3)]
    data = {
        "operation": "tag",
        "tag": "lote",
        "all_on_page": "1",
        "page_ids": [str(t.pk) for t in tickets],
    }
    response = client_for("mesa").post(URL, data)
    assert response.status_code == 200
    assert Ticket.objects.filter(tags__name="lote").count() == 3


def test_no_selection_or_over_the_limit_is_a_message_not_an_error(client_for, make_ticket):
    client = client_for("mesa")
    response = client.post(URL, {"operation": "tag", "tag": "x"}, follow=True)
    assert response.status_code == 200
    assert "Seleccione al menos un ticket." in response.content.decode()
    ids = [f"00000000-0000-0000-0000-{i:012d}" for i in range(101)]
    response = client.post(URL, {"operation": "tag", "tag": "x", "tickets": ids}, follow=True)
    assert "Seleccione como máximo 100 tickets a la vez." in response.content.decode()


def test_a_refused_ticket_keeps_its_state_and_history(client_for, make_ticket, users):
    from tickets import services

    solved = make_ticket()
    services.ticket_change_status(actor=users["mesa"], ticket=solved, status="RESUELTO")
    before = Activity.objects.filter(ticket=solved).count()
    response = _post(client_for("mesa"), [solved], "status", status="PAUSADO")
    assert "Un ticket en estado Resuelto no puede pasar a Pausado." in response.content.decode()
    solved.refresh_from_db()
    assert solved.status == Status.RESUELTO
    assert Activity.objects.filter(ticket=solved).count() == before


@pytest.mark.parametrize("role", ["usuario", "anon"])
def test_requesters_and_anonymous_cannot_post_bulk(client_for, ticket, role):
    response = _post(client_for(role), [ticket], "tag", tag="x")
    assert response.status_code == (403 if role == "usuario" else 302)
    assert not Ticket.objects.filter(tags__name="x").exists()


def test_next_never_leaves_the_portal(client_for, ticket):
    client = client_for("mesa")
    response = client.post(URL, {"operation": "tag", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == DASHBOARD


@pytest.fixture
def macros(mesa_user, area_a, area_b):
    from tickets import services

    def make(name, scope):
        return services.macro_create(
            actor=mesa_user,
            name=name,
            body="Hola {requester_name}, lo revisamos.",
            set_status="EN_PROCESO",
            area_scope=scope,
        )

    return {"shared": make("Recibido", None), "a": make("De TI", area_a), "b": make("De B", area_b)}


@pytest.mark.parametrize(
    ("role", "done"),
    [("admin", True), ("mesa", True), ("area_own", True), ("area_other", False)],
)
def test_a_macro_in_bulk_follows_the_role_matrix(client_for, ticket, macros, role, done):
    response = _post(client_for(role), [ticket], "macro", macro=str(macros["shared"].pk))
    assert response.status_code == 200
    html = response.content.decode()
    ticket = Ticket.objects.get(pk=ticket.pk)
    replies = Activity.objects.filter(ticket=ticket, type="comment", public=True)
    if done:
        assert 'data-testid="bulk-done"' in html and ticket.label in html
        assert ticket.status == Status.EN_PROCESO
        assert [a.data["text"] for a in replies] == ["Hola Laura Gómez, lo revisamos."]
    else:
        assert f"<strong>{ticket.label}</strong> — El ticket pertenece a otra área." in html
        assert ticket.status == Status.NUEVO and not replies.exists()


def test_the_dashboard_offers_an_area_agent_the_macros_it_may_use(client_for, ticket, macros):
    def macro_select(role) -> str:
        html = client_for(role).get(DASHBOARD).content.decode()
        assert '<option value="macro">Aplicar macro</option>' in html
        assert 'data-bulk-for="macro"' in html
        start = html.index('<select name="macro"')
        return html[start : html.index("</select>", start)]

    select = macro_select("area_own")
    for key, offered in (("shared", True), ("a", True), ("b", False)):
        assert (f'<option value="{macros[key].pk}">' in select) is offered, key
    select = macro_select("mesa")
    assert all(f'<option value="{m.pk}">' in select for m in macros.values())


def test_an_area_agent_posting_another_areas_macro_changes_nothing(client_for, ticket, macros):
    response = _post(client_for("area_own"), [ticket], "macro", macro=str(macros["b"].pk))
    assert response.status_code == 302 and response.url == f"{DASHBOARD}?view=mine"
    assert Activity.objects.filter(ticket=ticket).count() == 1
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO


def _assignee_select(html: str) -> str:
    start = html.index('id="bulk-assignee"')  # the bulk form's (the filters have one too)
    return html[start : html.index("</select>", start)]


def test_the_agent_list_of_an_area_agent_holds_the_desk_and_its_own_area_only(
    client_for, ticket, users
):
    listed = _assignee_select(client_for("area_own").get(DASHBOARD).content.decode())
    assert str(users["area_own"].pk) in listed and str(users["mesa"].pk) in listed
    assert str(users["area_other"].pk) not in listed
    assert users["area_other"].full_name not in listed
    everyone = _assignee_select(client_for("mesa").get(DASHBOARD).content.decode())
    assert str(users["area_other"].pk) in everyone and str(users["area_own"].pk) in everyone


def test_an_area_agent_naming_another_areas_agent_in_bulk_changes_nothing(
    client_for, ticket, users, area_a, area_b
):
    client = client_for("area_own")
    response = _post(
        client, [ticket], "transfer", area=str(area_b.pk), assignee=str(users["area_other"].pk)
    )
    assert response.status_code == 302  # the form refuses the choice: back to the dashboard
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.area_id, ticket.assignee_id) == (area_a.pk, None)
    assert Activity.objects.filter(ticket=ticket).count() == 1
