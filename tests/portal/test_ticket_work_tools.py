"""The ticket page's work tools through the portal: the composer (with macros), "assign to
me", merge and link — every role, and the page's reading order and query count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tickets import services
from tickets.access import Requester
from tickets.models import Activity, Status, TicketLink

pytestmark = pytest.mark.django_db

ROLES = ["admin", "mesa", "area_own", "area_other", "usuario"]
WORKS = {"admin": True, "mesa": True, "area_own": True, "area_other": False, "usuario": False}


def page(ticket):
    return reverse("portal:ticket", args=[ticket.pk])


def post(client, ticket, action, data=None):
    return client.post(reverse("portal:action", args=[ticket.pk, action]), data or {})


def refused(response) -> bool:
    return response.status_code == 403


# --- Reading order and the ids other features act on ------------------------------------


def test_the_page_reads_subject_conversation_composer_then_the_sidebar(client_for, ticket):
    html = client_for("mesa").get(page(ticket)).content.decode()
    order = [
        html.index("<h1>"),
        html.index('id="conversation"'),
        html.index('id="composer"'),
        html.index('id="ticket-sidebar"'),
        html.index('id="ticket-details"'),
    ]
    assert order == sorted(order)
    for element_id in ("composer-body", "composer-tab-public", "composer-tab-internal"):
        assert f'id="{element_id}"' in html
    assert html.count('id="take-ticket"') == 1


def test_the_tabs_are_one_form_and_work_without_javascript(client_for, ticket):
    html = client_for("mesa").get(page(ticket)).content.decode()
    form = re.search(r'<form[^>]+id="composer-form".*?</form>', html, re.S).group(0)
    assert 'type="radio" name="reply-mode" value="public" id="composer-tab-public"' in form
    assert 'value="internal" id="composer-tab-internal"' in form
    assert 'id="composer-body"' in form and 'name="reply-status"' in form


def test_public_and_internal_entries_are_told_apart_in_words(client_for, ticket, users):
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Solo agentes", public=False)
    html = client_for("mesa").get(page(ticket)).content.decode()
    assert "timeline__item--internal" in html
    assert "solo los agentes leen esta entrada" in html  # for screen readers too


# --- Take ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_take_through_the_portal_follows_the_role_matrix(client_for, users, ticket, role):
    response = post(client_for(role), ticket, "take")
    ticket.refresh_from_db()
    if WORKS[role]:
        assert response.status_code == 302
        assert ticket.assignee == users[role]
    else:
        assert refused(response)
        assert ticket.assignee is None


def test_the_take_button_is_gone_once_the_ticket_is_yours(client_for, users, ticket):
    client = client_for("area_own")
    post(client, ticket, "take")
    assert 'id="take-ticket"' not in client.get(page(ticket)).content.decode()
    assert 'id="take-ticket"' in client_for("mesa").get(page(ticket)).content.decode()


def test_anonymous_take_goes_to_login(client, ticket):
    response = post(client, ticket, "take")
    assert response.status_code == 302 and "login" in response.url


# --- Merge and link ----------------------------------------------------------------------


@pytest.fixture
def other(make_ticket):
    return make_ticket(subject="Impresora (otra vez)")


@pytest.mark.parametrize("role", ROLES)
def test_merge_through_the_portal_follows_the_role_matrix(client_for, ticket, other, role):
    response = post(client_for(role), ticket, "merge", {"merge-target": other.label})
    ticket.refresh_from_db()
    if WORKS[role]:
        assert response.status_code == 302
        assert (ticket.status, ticket.merged_into) == (Status.CANCELADO, other)
    else:
        assert refused(response)
        assert ticket.merged_into is None


def test_merging_into_another_areas_ticket_reads_as_unknown_to_an_area_agent(
    client_for, ticket, make_ticket, area_b
):
    foreign = make_ticket(area=area_b)
    response = post(client_for("area_own"), ticket, "merge", {"merge-target": foreign.label})
    assert response.status_code == 400
    assert "Ningún ticket que puedas ver tiene esa etiqueta." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.merged_into is None


@pytest.mark.parametrize("role", ROLES)
def test_link_and_unlink_through_the_portal_follow_the_role_matrix(
    client_for, users, ticket, other, role
):
    client = client_for(role)
    response = post(client, ticket, "link", {"link-other": other.label})
    if not WORKS[role]:
        assert refused(response)
        assert not TicketLink.objects.exists()
        return
    assert response.status_code == 302
    assert TicketLink.objects.count() == 1
    assert other.label in client.get(page(ticket)).content.decode()
    assert ticket.label in client.get(page(other)).content.decode()  # symmetric
    assert post(client, other, "unlink", {"unlink-other": str(ticket.pk)}).status_code == 302
    assert not TicketLink.objects.exists()


def test_the_surviving_ticket_shows_the_duplicates_public_history(client_for, users, make_ticket):
    survivor = make_ticket()
    duplicate = make_ticket(description="Duplicado: la impresora no imprime.")
    services.ticket_comment(actor=users["mesa"], ticket=duplicate, text="Respuesta pública")
    services.ticket_comment(
        actor=users["mesa"], ticket=duplicate, text="Nota secreta", public=False
    )
    services.ticket_merge(actor=users["mesa"], source_id=duplicate.pk, target_id=survivor.pk)
    html = client_for("mesa").get(page(survivor)).content.decode()
    section = html[html.index('id="merged-from"') :]
    assert duplicate.label in section and "Respuesta pública" in section
    assert "Nota secreta" not in section  # the public history, as its requester read it
    assert survivor.label in client_for("mesa").get(page(duplicate)).content.decode()


def test_the_requester_lookup_of_a_merged_ticket_says_where_it_went(client, users, make_ticket):
    survivor, duplicate = make_ticket(), make_ticket()
    services.ticket_merge(actor=users["mesa"], source_id=duplicate.pk, target_id=survivor.pk)
    response = client.post(
        reverse("public:lookup"), {"label": duplicate.label, "email": duplicate.requester_email}
    )
    if response.status_code == 302:
        response = client.get(response.url)
    html = response.content.decode()
    assert 'data-testid="merged-into"' in html and survivor.label in html


def _queries(client, ticket) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(page(ticket)).status_code == 200
    return len(ctx.captured_queries)


def test_ticket_page_query_count_is_the_same_with_one_or_several_merged_and_linked(
    client_for, users, make_ticket
):
    mesa = users["mesa"]
    client = client_for("mesa")
    survivor = make_ticket()
    client.get(page(survivor))

    def add_one():
        duplicate, related = make_ticket(), make_ticket()
        services.ticket_comment(actor=mesa, ticket=duplicate, text="Respuesta pública")
        services.ticket_update(actor=mesa, ticket=duplicate, status="EN_PROCESO", priority="ALTA")
        services.ticket_merge(actor=mesa, source_id=duplicate.pk, target_id=survivor.pk)
        services.ticket_link(actor=mesa, ticket_id=survivor.pk, other_id=related.pk)

    add_one()
    one = _queries(client, survivor)
    for _ in range(3):
        add_one()
    several = _queries(client, survivor)
    assert one == several
    # Session, user, ticket, history (+ files, names), macros, merged duplicates, their
    # public history (+ files), related tickets, the forms' choices, presence, bell…
    assert several == 25  # with the SLA card (calendar: 2) and the tags (1)


# --- Macros on the composer ----------------------------------------------------------------


@pytest.fixture
def macro(users):
    return services.macro_create(
        actor=users["mesa"],
        name="Resuelto",
        body="Hola {requester_name}, su ticket {label} quedó resuelto.",
        set_status="RESUELTO",
        note="Cerrado con macro",
    )


def test_without_javascript_a_macro_prefills_the_composer(client_for, ticket, macro):
    response = client_for("area_own").get(page(ticket), {"macro": macro.pk})
    form = response.context["composer"]
    assert form["text"].value() == f"Hola Laura Gómez, su ticket {ticket.label} quedó resuelto."
    assert form["status"].value() == "RESUELTO"
    html = response.content.decode()
    assert f'name="reply-macro" value="{macro.pk}"' in html
    assert f'name="initial-reply-status" value="{ticket.status}"' in html


def test_sending_the_prefilled_composer_applies_the_macro(client_for, ticket, macro):
    client = client_for("area_own")
    form = client.get(page(ticket), {"macro": macro.pk}).context["composer"]
    data = {name: form.data[name] for name in form.data}
    data["reply-text"] += " Saludos."  # the agent edits before sending
    assert post(client, ticket, "reply", data).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.RESUELTO
    texts = list(
        Activity.objects.filter(ticket=ticket, type="comment").values_list("data", flat=True)
    )
    assert texts[0]["text"].endswith("quedó resuelto. Saludos.")
    assert texts[1]["text"] == "Cerrado con macro"


def test_macro_options_carry_their_filled_text_escaped(client_for, make_ticket, macro):
    ticket = make_ticket(requester_name='<script>alert("x")</script>')
    html = client_for("mesa").get(page(ticket)).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<script>alert("x")</script>' not in html
    assert 'data-status="RESUELTO"' in html


@pytest.mark.parametrize("role", ["area_other", "usuario"])
def test_macros_cannot_be_applied_by_those_who_may_not_work_the_ticket(
    client_for, ticket, macro, role
):
    data = {"reply-text": "Hola Laura, resuelto.", "reply-macro": macro.pk}
    assert refused(post(client_for(role), ticket, "reply", data))
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO


def test_an_area_agent_is_not_offered_another_areas_macro(client_for, users, ticket, area_b):
    services.macro_create(
        actor=users["mesa"], name="Solo mantenimiento", body="Hola", area_scope=area_b
    )
    html = client_for("area_own").get(page(ticket)).content.decode()
    assert "Solo mantenimiento" not in html
    assert "Solo mantenimiento" in client_for("mesa").get(page(ticket)).content.decode()


# --- What a pause waits for ---------------------------------------------------------------


def test_the_pause_action_says_whom_the_ticket_waits_for(client_for, ticket):
    client = client_for("mesa")
    html = client.get(page(ticket)).content.decode()
    assert 'name="pause-pause_kind" value="requester"' in html
    assert "Esperando al solicitante" in html and "Esperando a un tercero" in html
    data = {"pause-pause_kind": "requester", "pause-reason": "Faltan datos"}
    assert post(client, ticket, "pause", data).status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.pause_kind) == (Status.PAUSADO, "requester")
    entry = ticket.activities.get(type="statusUpdated")
    assert entry.data["pauseKind"] == "requester"
    # The history on the ticket page says it.
    html = client.get(page(ticket)).content.decode()
    assert "En espera de" in html


def test_the_composer_pauses_waiting_for_a_third_party(client_for, ticket):
    client = client_for("mesa")
    data = {
        "reply-mode": "public",
        "reply-text": "Pedimos el repuesto al proveedor.",
        "reply-status": "PAUSADO",
        "initial-reply-status": ticket.status,
        "reply-pause_kind": "third_party",
    }
    assert post(client, ticket, "reply", data).status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.pause_kind) == (Status.PAUSADO, "third_party")
    composer = client.get(page(ticket)).context["composer"]
    assert composer["pause_kind"].value() == "third_party"  # shows the pause's own kind


def test_a_macro_that_asks_for_details_pauses_waiting_for_the_requester(client_for, ticket, users):
    asks = services.macro_create(
        actor=users["mesa"],
        name="Necesitamos más datos",
        body="Hola {requester_name}, ¿nos cuenta en qué piso está la impresora?",
        set_status="PAUSADO",
        set_pause_kind="requester",
    )
    client = client_for("area_own")
    response = client.get(page(ticket), {"macro": asks.pk})
    assert 'data-pause="requester"' in response.content.decode()
    form = response.context["composer"]
    assert (form["status"].value(), form["pause_kind"].value()) == ("PAUSADO", "requester")
    assert post(client, ticket, "reply", dict(form.data.items())).status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.pause_kind) == (Status.PAUSADO, "requester")

    services.ticket_requester_reply(
        actor=Requester(ticket.requester_email), ticket=ticket, text="Piso 2"
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.pause_kind) == (Status.EN_PROCESO, None)
