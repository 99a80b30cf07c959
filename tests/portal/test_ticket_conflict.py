"""Two agents on one ticket: a form rendered before someone else's change is not applied
silently; the agent sees what changed and sends again (or discards)."""

import re

import pytest
from django.urls import reverse

from tickets import services
from tickets.models import Activity

pytestmark = pytest.mark.django_db


def _seen(client, ticket) -> str:
    page = client.get(reverse("portal:ticket", args=[ticket.pk])).content.decode()
    return re.search(r'name="seen" value="([^"]+)"', page).group(1)


def _note(client, ticket, seen, text):
    data = {"reply-mode": "internal", "reply-text": text}
    if seen is not None:
        data["seen"] = seen
    return client.post(reverse("portal:action", args=[ticket.pk, "reply"]), data)


def test_a_stale_form_shows_the_change_instead_of_applying(client_for, users, ticket):
    agent_b = client_for("area_own")
    seen = _seen(agent_b, ticket)
    services.ticket_update(
        actor=users["mesa"], ticket=ticket, priority="ALTA", response="Lo subimos a ALTA."
    )
    before = Activity.objects.filter(ticket=ticket).count()
    response = _note(agent_b, ticket, seen, "Reviso la impresora")
    assert response.status_code == 409
    page = response.content.decode()
    assert "Este ticket cambió desde que lo abriste" in page
    assert "Lo subimos a ALTA." in page  # what changed meanwhile is shown
    assert "Reviso la impresora" in page  # the agent's text is kept in the form
    assert Activity.objects.filter(ticket=ticket).count() == before  # nothing applied
    # The re-rendered form carries the new version: sending again applies it.
    fresh = re.search(r'name="seen" value="([^"]+)"', page).group(1)
    assert fresh != seen
    assert _note(agent_b, ticket, fresh, "Reviso la impresora").status_code == 302
    assert Activity.objects.filter(ticket=ticket).count() == before + 1


def test_a_current_form_applies_at_once(client_for, users, ticket):
    agent = client_for("mesa")
    assert _note(agent, ticket, _seen(agent, ticket), "Todo en orden").status_code == 302
    note = ticket.activities.last()
    assert (note.type, note.public, note.actor) == ("comment", False, users["mesa"])
    assert note.data["text"] == "Todo en orden"


def test_the_agents_own_earlier_change_makes_the_old_form_stale_too(client_for, ticket):
    agent = client_for("mesa")
    seen = _seen(agent, ticket)
    assert _note(agent, ticket, seen, "primera").status_code == 302
    assert _note(agent, ticket, seen, "segunda (formulario viejo)").status_code == 409
    notes = ticket.activities.filter(type="comment")
    assert [n.data["text"] for n in notes] == ["primera"]  # the stale one is not applied


def test_a_garbled_version_is_a_400_not_a_500(client_for, ticket):
    before = Activity.objects.filter(ticket=ticket).count()
    response = _note(client_for("mesa"), ticket, "not-a-date", "hola")
    assert response.status_code == 400
    assert Activity.objects.filter(ticket=ticket).count() == before


def test_the_apis_stay_last_write_wins_and_history_keeps_both(users, ticket):
    services.ticket_update(actor=users["mesa"], ticket=ticket, priority="ALTA")
    services.ticket_update(actor=users["area_own"], ticket=ticket, priority="BAJA")
    ticket.refresh_from_db()
    assert ticket.priority.name == "BAJA"
    changes = [a.data.get("priority") for a in ticket.activities.filter(type="statusUpdated")]
    assert changes == ["ALTA", "BAJA"]
