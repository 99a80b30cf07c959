"""``/portal/reports/``: who may open it (role matrix), what it shows (SVG charts with
class-only styling, tables, CSV downloads) and a query count that does not grow with the
period."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from surveys import links
from tickets import services

URL = reverse("reports:report")


def client_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rated(make_ticket, users, area_b):
    """A solved and rated ticket in each area, with a comment."""
    out = {}
    for key, area, agent in (("a", None, "area_own"), ("b", area_b, "area_other")):
        ticket = make_ticket(**({"area": area} if area else {}))
        services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users[agent])
        services.ticket_tag_add(actor=users[agent], ticket=ticket, name=f"etiqueta-{key}")
        services.ticket_change_status(actor=users[agent], ticket=ticket, status="RESUELTO")
        ticket.refresh_from_db()
        services.ticket_record_rating(
            ticket_id=ticket.pk,
            resolution_key=links.current_resolution_key(ticket),
            score="good" if key == "a" else "bad",
            comment=f"Comentario del área {key}",
        )
        out[key] = ticket
    return out


def test_anonymous_goes_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url


def test_a_requester_is_refused(users):
    for query in ("", "?csv=per_day"):
        response = client_as(users["usuario"]).get(URL + query)
        assert response.status_code == 403
        assert "text/csv" not in response["Content-Type"]
        assert "403.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("role", ["admin", "mesa"])
def test_the_desk_sees_every_area_and_every_comment(users, rated, role):
    response = client_as(users[role]).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Comentario del área a" in html and "Comentario del área b" in html
    assert "etiqueta-a" in html and "etiqueta-b" in html
    assert 'data-testid="csat-score">50 %' in html


def test_an_area_agent_sees_its_own_area_only(users, rated, area_a):
    response = client_as(users["area_own"]).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Comentario del área a" in html and "Comentario del área b" not in html
    assert "etiqueta-a" in html and "etiqueta-b" not in html
    assert 'data-testid="csat-score">100 %' in html
    assert 'data-testid="total-opened">1<' in html


def test_an_area_agent_cannot_choose_another_area(users, rated, area_b):
    client = client_as(users["area_own"])
    response = client.get(URL, {"area": area_b.pk})
    assert response.status_code == 400
    assert "Comentario del área b" not in response.content.decode()
    assert client.get(URL, {"area": area_b.pk, "csv": "csat"}).status_code == 400


def test_mesa_may_choose_one_area(users, rated, area_b):
    html = client_as(users["mesa"]).get(URL, {"area": area_b.pk}).content.decode()
    assert "Comentario del área b" in html and "Comentario del área a" not in html


def test_charts_are_svg_styled_by_classes_only(users, rated):
    html = client_as(users["admin"]).get(URL).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert main.count("<svg") == 3 and "<title>" in main
    assert "style=" not in main and "<script" not in main
    assert 'class="bar-opened"' in main and 'class="line-backlog"' in main


def test_each_table_downloads_as_csv(users, rated):
    client = client_as(users["admin"])
    today = date.today()
    for name in (
        "per_day",
        "durations",
        "sla_priority",
        "sla_area",
        "sla_agent",
        "csat",
        "categories",
        "tags",
        "ages",
    ):
        response = client.get(URL, {"csv": name})
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("text/csv")
        assert f"report-{name}-" in response["Content-Disposition"]
    rows = client.get(URL, {"csv": "csat"}).content.decode().splitlines()
    assert rows[1] == '"1","1","2","50"'
    assert client.get(URL, {"csv": "nope"}).status_code == 400
    assert today  # the default period ends today (desk time zone)


def test_a_bad_period_is_refused_with_the_form(users):
    client = client_as(users["admin"])
    for period in (
        {"start": "2026-05-01", "end": "2026-04-01"},
        {"start": "2020-01-01", "end": "2026-01-01"},
        {"start": "mañana"},
    ):
        response = client.get(URL, period)
        assert response.status_code == 400
        assert response.context["form"].errors, period


@pytest.mark.parametrize("role, queries", [("admin", 13), ("area_own", 14)])
def test_the_query_count_does_not_grow_with_the_period(
    users, rated, role, queries, django_assert_num_queries
):
    client = client_as(users[role])
    end = date.today()
    client.get(URL)  # session and CSRF warm
    # session, user, daily, breakdown, agents' names, durations (3), categories, tags,
    # comments, the bell's count, the area select (+ the AREA agent's own area in the header)
    for days in (7, 365, 3 * 365 - 1):
        start = (end - timedelta(days=days - 1)).isoformat()
        with django_assert_num_queries(queries):
            response = client.get(URL, {"start": start, "end": end.isoformat()})
        assert response.status_code == 200
