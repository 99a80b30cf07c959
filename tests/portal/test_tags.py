"""Tags through the portal: add / remove on the ticket page (role matrix), the
autocomplete (JSON, only tags on tickets the user sees), the dashboard's tag filter and
the rows' chips; never on the requester's pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tickets import services
from tickets.models import Activity, ActivityType
from tickets.selectors import links

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("portal:dashboard")
SUGGEST = reverse("portal:tag_suggest")


def _add(client, ticket, name):
    return client.post(reverse("portal:tag_add", args=[ticket.pk]), {"name": name})


def _remove(client, ticket, name):
    return client.post(reverse("portal:tag_remove", args=[ticket.pk]), {"name": name})


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 302), ("mesa", 302), ("area_own", 302), ("area_other", 403), ("usuario", 403)],
)
def test_add_and_remove_follow_the_role_matrix(client_for, ticket, users, role, status):
    client = client_for(role)
    response = _add(client, ticket, "Impresora Rota")
    assert response.status_code == status
    assert ticket.tags.filter(name="impresora-rota").exists() is (status == 302)
    if status == 302:
        assert response.url == reverse("portal:ticket", args=[ticket.pk])
        assert _remove(client, ticket, "impresora-rota").status_code == 302
        assert not ticket.tags.exists()
        kinds = Activity.objects.filter(ticket=ticket, type=ActivityType.TAGS_UPDATED)
        assert kinds.count() == 2 and not kinds.filter(public=True).exists()
    else:
        services.ticket_tag_add(actor=users["mesa"], ticket=ticket, name="x")
        assert _remove(client, ticket, "x").status_code == 403
        assert ticket.tags.filter(name="x").exists()


def test_anonymous_is_sent_to_log_in(client, ticket):
    response = _add(client, ticket, "vip")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.get(SUGGEST, {"q": "v"}).status_code == 302


def test_a_bad_tag_is_a_message_on_the_ticket_page(client_for, ticket):
    response = _add(client_for("mesa"), ticket, "!!!")
    assert response.status_code == 302
    page = client_for("mesa").get(response.url)
    assert page.status_code == 200 and not ticket.tags.exists()


def test_the_ticket_page_shows_the_tags_and_the_editor(client_for, ticket, users):
    services.ticket_tag_add(actor=users["mesa"], ticket=ticket, name="vip")
    html = client_for("area_own").get(reverse("portal:ticket", args=[ticket.pk])).content.decode()
    assert 'data-testid="ticket-tags"' in html and "#vip" in html
    assert reverse("portal:tag_add", args=[ticket.pk]) in html


def test_suggestions_are_tags_on_tickets_the_user_sees_by_prefix(
    client_for, make_ticket, users, area_b
):
    own, theirs = make_ticket(), make_ticket(area=area_b)
    for name in ("impresora", "impresion-color", "red"):
        services.ticket_tag_add(actor=users["mesa"], ticket=own, name=name)
    services.ticket_tag_add(actor=users["mesa"], ticket=theirs, name="impuestos")
    desk = client_for("mesa").get(SUGGEST, {"q": "IMP"})
    assert desk["Content-Type"] == "application/json"
    assert desk.json() == {"tags": ["impresion-color", "impresora", "impuestos"]}
    area = client_for("area_own").get(SUGGEST, {"q": "imp"}).json()
    assert area == {"tags": ["impresion-color", "impresora"]}
    assert client_for("area_own").get(SUGGEST, {"q": "!!"}).json() == {"tags": []}
    assert client_for("usuario").get(SUGGEST, {"q": "imp"}).status_code == 403


def test_suggestions_are_at_most_ten_in_one_query(client_for, ticket, users):
    for i in range(12):
        services.ticket_tag_add(actor=users["mesa"], ticket=ticket, name=f"t{i:02d}")
    client = client_for("mesa")
    client.get(SUGGEST, {"q": "t"})
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(SUGGEST, {"q": "t"}).json()
    assert len(body["tags"]) == 10
    # session, user, the tags
    assert len(ctx.captured_queries) == 3


@pytest.mark.parametrize(
    ("role", "sees_own", "sees_other"),
    [
        ("admin", True, True),
        ("mesa", True, True),
        ("area_own", True, False),
        ("area_other", False, True),
    ],
)
def test_dashboard_filters_by_tag_within_what_the_user_sees(
    client_for, make_ticket, users, area_b, role, sees_own, sees_other
):
    own, theirs, untagged = make_ticket(), make_ticket(area=area_b), make_ticket()
    for t in (own, theirs):
        services.ticket_tag_add(actor=users["mesa"], ticket=t, name="vip")
    html = client_for(role).get(DASHBOARD, {"tag": " VIP "}).content.decode()
    assert (own.label in html) is sees_own
    assert (theirs.label in html) is sees_other
    assert untagged.label not in html


def test_rows_show_their_tags_as_filter_links(client_for, ticket, users):
    services.ticket_tag_add(actor=users["mesa"], ticket=ticket, name="vip")
    html = client_for("mesa").get(DASHBOARD).content.decode()
    assert '<a class="tag-chip" href="?tag=vip">#vip</a>' in html


def test_requester_pages_never_show_tags(client, ticket, users):
    services.ticket_tag_add(actor=users["mesa"], ticket=ticket, name="secreto-interno")
    html = client.get(links.requester_ticket_path(ticket)).content.decode()
    assert ticket.label in html
    assert "secreto-interno" not in html and "Etiquetas" not in html
