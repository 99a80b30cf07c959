"""Tags are the portal's: the Mesa contract's detail has no tag field nor history entry."""

import pytest

from tickets import services

pytestmark = pytest.mark.django_db


def test_agent_detail_shows_neither_tags_nor_their_history(client_as, ticket, users):
    services.ticket_tag_add(actor=users["mesa"], ticket=ticket, name="secreto-interno")
    body = client_as("mesa").get(f"/api/tickets/{ticket.pk}").json()
    assert "secreto-interno" not in str(body) and "tag" not in str(body).lower()
    assert [e["accion"] for e in body["historial"]] == ["CREACION"]
