from datetime import timedelta

import pytest

from tickets import services
from tickets.errors import NotAllowed, ValidationFailed
from tickets.models import Status


def test_reclassify_changes_priority_category_and_sla(ticket, mesa_user):
    activity = services.ticket_reclassify(
        actor=mesa_user, ticket=ticket, priority="URGENTE", categoria="Red", reason="Afecta a todos"
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.RECLASIFICADO
    assert ticket.priority.name == "URGENTE"
    assert ticket.categoria == "Red"
    assert ticket.sla_due_at - ticket.created_at == timedelta(hours=4)
    assert activity.type == "reclassified"
    assert activity.data["previousAttributes"] == {
        "status": "NUEVO",
        "priority": "MEDIA",
        "categoria": "Hardware",
    }


def test_unknown_priority_is_refused(ticket, mesa_user):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_reclassify(actor=mesa_user, ticket=ticket, priority="CRITICA")
    assert "priority" in exc.value.errors


def test_area_agent_cannot_reclassify(ticket, area_a_user):
    with pytest.raises(NotAllowed):
        services.ticket_reclassify(actor=area_a_user, ticket=ticket, priority="ALTA")
