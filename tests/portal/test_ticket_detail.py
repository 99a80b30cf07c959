"""The ticket page: who may open it, the history it shows, which action forms it offers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tickets import services
from tickets.models import Status, Ticket


def url(ticket):
    return reverse("portal:ticket", args=[ticket.pk])


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("mesa", 200), ("area_own", 200), ("area_other", 403), ("usuario", 403)],
)
def test_ticket_page_follows_the_role_matrix(client_for, ticket, role, status):
    response = client_for(role).get(url(ticket))
    assert response.status_code == status
    if status == 403:
        assert "403.html" in [t.name for t in response.templates]
        assert ticket.description not in response.content.decode()
    else:
        assert ticket.label in response.content.decode()
        assert ticket.description in response.content.decode()


def test_area_agent_cannot_open_other_area_ticket_and_sees_the_reason(client_for, ticket):
    response = client_for("area_other").get(url(ticket))
    assert response.status_code == 403
    assert "otra área" in response.content.decode() or "another area" in response.content.decode()


def test_unknown_ticket_is_404(client_for):
    response = client_for("mesa").get("/portal/tickets/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]


# The composer (reply), "assign to me" (take), merge and link, then the sidebar's actions;
# "unlink" shows only beside a related ticket.
ALL_ACTIONS = ["reply", "take", "merge", "link", "unlink", "assign", "transfer", "reclassify",
               "pause", "reopen", "cancel", "archive"]  # fmt: skip
NEW_TICKET_ACTIONS = [a for a in ALL_ACTIONS if a not in ("reopen", "unlink")]
AREA_ACTIONS = ["reply", "take", "merge", "link", "pause", "cancel", "archive"]


def offered_actions(html, ticket):
    return [
        name
        for name in ALL_ACTIONS
        if f'action="{reverse("portal:action", args=[ticket.pk, name])}"' in html
    ]


@pytest.mark.parametrize(
    ("role", "offered"),
    [("admin", NEW_TICKET_ACTIONS), ("mesa", NEW_TICKET_ACTIONS), ("area_own", AREA_ACTIONS)],
)
def test_only_allowed_action_forms_are_shown(client_for, ticket, role, offered):
    html = client_for(role).get(url(ticket)).content.decode()
    assert offered_actions(html, ticket) == offered


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        ("NUEVO", NEW_TICKET_ACTIONS),
        ("ASIGNADO", NEW_TICKET_ACTIONS),
        ("EN_PROCESO", NEW_TICKET_ACTIONS),
        ("PAUSADO", ["reply", "take", "merge", "link", "assign", "transfer", "reclassify",
                     "reopen", "cancel", "archive"]),
        # A solved ticket is not merged (it is not cancelled from there).
        ("RESUELTO", ["reply", "take", "link", "reopen", "archive"]),
        ("CERRADO", ["reply", "take", "link", "reopen", "archive"]),
        # A terminal ticket takes nothing, not even a note (one rule on every way in).
        ("CANCELADO", []),
        ("ARCHIVADO", []),
    ],
)  # fmt: skip
def test_only_actions_the_state_machine_allows_from_the_status_are_offered(
    client_for, ticket, status, offered
):
    Ticket.objects.filter(pk=ticket.pk).update(status=status)
    html = client_for("mesa").get(url(ticket)).content.decode()
    assert offered_actions(html, ticket) == offered


def test_reason_fields_say_they_are_internal(client_for, ticket):
    html = client_for("mesa").get(url(ticket)).content.decode()
    assert html.count("Interno: solo los agentes ven el motivo.") == 6  # every reason field


def test_history_marks_internal_notes_and_shows_who_and_what_changed(client_for, ticket, users):
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Nota secreta", public=False)
    services.ticket_update(
        actor=users["area_own"], ticket=ticket, status="EN_PROCESO", response="Vamos en camino"
    )
    response = client_for("mesa").get(url(ticket))
    html = response.content.decode()
    assert "Nota secreta" in html and "timeline__item--internal" in html
    assert "Vamos en camino" in html
    assert users["area_own"].full_name in html
    entry = next(e for e in response.context["entries"] if e.activity.type == "statusUpdated")
    change = next(c for c in entry.changes if c.field == "status")
    assert (change.before, change.after) == (
        str(Status.NUEVO.label),
        str(Status.EN_PROCESO.label),
    )


def test_ticket_page_query_count_does_not_grow_with_history(client_for, ticket, users):
    client = client_for("mesa")
    client.get(url(ticket))

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url(ticket))
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["entries"])

    services.ticket_assign(actor=users["mesa"], ticket=ticket, assignee=users["area_own"])
    small, entries_small = measure()
    for i in range(19):
        services.ticket_comment(actor=users["mesa"], ticket=ticket, text=f"n{i}", public=False)
        services.ticket_assign(
            actor=users["mesa"], ticket=ticket, assignee=users["area_own" if i % 2 else "mesa"]
        )
    large, entries_large = measure()
    assert (entries_small, entries_large) == (2, 40)
    assert small == large
    assert large <= 23  # the page, composer, macros, links, SLA calendar, tags


def test_comments_are_titled_internal_note_and_response_to_the_requester(client_for, ticket, users):
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Solo agentes", public=False)
    services.ticket_comment(actor=users["mesa"], ticket=ticket, text="Para Laura", public=True)
    html = client_for("mesa").get(url(ticket)).content.decode()
    assert "<strong>Nota interna</strong>" in html
    assert "<strong>Respuesta al solicitante</strong>" in html
    assert "<strong>Comentario</strong>" not in html


def test_history_names_areas_not_codes(client_for, ticket, users, area_b):
    services.ticket_update(actor=users["mesa"], ticket=ticket, area=area_b)
    response = client_for("mesa").get(url(ticket))
    entry = next(e for e in response.context["entries"] if e.activity.type == "statusUpdated")
    change = next(c for c in entry.changes if c.field == "area")
    assert (change.before, change.after) == ("Tecnología", "Mantenimiento")
    assert "<del>Tecnología</del> → <ins>Mantenimiento</ins>" in response.content.decode()


def test_ticket_page_query_count_does_not_grow_with_area_changes(client_for, ticket, users):
    from accounts.models import Area

    client = client_for("mesa")
    areas = [Area.objects.create(code=f"AREA{i}", name=f"Área {i}") for i in range(6)]
    client.get(url(ticket))

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(ticket)).status_code == 200
        return len(ctx.captured_queries)

    services.ticket_update(actor=users["mesa"], ticket=ticket, area=areas[0])
    small = measure()
    for area in areas[1:]:
        services.ticket_transfer(actor=users["mesa"], ticket=ticket, area=area)
        services.ticket_update(actor=users["mesa"], ticket=ticket, area=areas[0])
    assert measure() == small


def sla_text(html):
    start = html.index('<span class="sla ')
    return html[start : html.index("</span></span>", start)]


@pytest.mark.parametrize(
    ("status", "hours_late", "state", "words"),
    [
        ("EN_PROCESO", 30, "overdue", "vencido hace 30,0 h"),
        ("EN_PROCESO", -1, "red", "quedan 1,0 h"),
        ("RESUELTO", 30, "missed", "incumplido por 30,0 h"),
        ("RESUELTO", -5, "met", "cumplido con 5,0 h de margen"),
        ("CANCELADO", 2, "missed", "incumplido por 2,0 h"),
        ("ARCHIVADO", -3, "met", "cumplido con 3,0 h de margen"),
    ],
)
def test_sla_indicator_tells_stopped_and_overdue_tickets_apart(
    client_for, ticket, status, hours_late, state, words
):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    stopped_at = now - timedelta(minutes=1)
    Ticket.objects.filter(pk=ticket.pk).update(
        status=status,
        status_updated_at=stopped_at,
        resolved_at=stopped_at if status == "RESUELTO" else None,
        sla_due_at=stopped_at - timedelta(hours=hours_late) if status != "EN_PROCESO"
        else now - timedelta(hours=hours_late),
    )  # fmt: skip
    html = client_for("mesa").get(url(ticket)).content.decode()
    assert f'class="sla sla--{state}"' in html
    assert "sla__text" in sla_text(html)  # the colour dot has its words
    assert words in html
    assert not re.search(r"-\d+,\d h", html)  # never "-30,0 h left"


def test_a_follow_up_links_the_closed_ticket_it_continues(client_for, ticket, users):
    from tickets.access import Requester

    services.ticket_cancel(actor=users["mesa"], ticket=ticket)
    new = services.ticket_requester_reply(
        actor=Requester(ticket.requester_email), ticket=ticket, text="Otra vez"
    ).ticket
    page = client_for("mesa").get(reverse("portal:ticket", args=[new.pk])).content.decode()
    assert f'href="{reverse("portal:ticket", args=[ticket.pk])}" data-testid="follows"' in page
    assert ticket.label in page
