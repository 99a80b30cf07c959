"""The ticket page: who may open it, the history it shows, which action forms it offers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tickets import services
from tickets.models import Status


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


def test_area_agent_cannot_open_other_area_ticket_and_sees_the_reason(client_for, ticket):
    response = client_for("area_other").get(url(ticket))
    assert response.status_code == 403
    assert "otra área" in response.content.decode() or "another area" in response.content.decode()


def test_unknown_ticket_is_404(client_for):
    response = client_for("mesa").get("/portal/tickets/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


ALL_ACTIONS = ["update", "note", "assign", "transfer", "reclassify", "pause", "reopen", "cancel",
               "archive"]  # fmt: skip
AREA_ACTIONS = ["update", "note", "pause", "cancel", "archive"]


@pytest.mark.parametrize(
    ("role", "offered"),
    [("admin", ALL_ACTIONS), ("mesa", ALL_ACTIONS), ("area_own", AREA_ACTIONS)],
)
def test_only_allowed_action_forms_are_shown(client_for, ticket, role, offered):
    html = client_for(role).get(url(ticket)).content.decode()
    for name in ALL_ACTIONS:
        action_url = reverse("portal:action", args=[ticket.pk, name])
        assert (f'action="{action_url}"' in html) is (name in offered), name


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
            actor=users["mesa"], ticket=ticket, assignee=users["mesa" if i % 2 else "area_own"]
        )
    large, entries_large = measure()
    assert (entries_small, entries_large) == (2, 40)
    assert small == large
    assert large <= 20
