"""Mesa ``actualizar``: status, priority, area and the response, in one transaction."""

from datetime import timedelta
from unittest import mock

import pytest

from tickets import services
from tickets.errors import InvalidTransition, NotAllowed, ValidationFailed
from tickets.models import Activity, Status, Ticket


def _history(ticket):
    return list(Activity.objects.filter(ticket=ticket).order_by("created_at", "id"))


def test_update_writes_status_change_with_previous_values_then_public_response(
    ticket, mesa_user, area_b
):
    written = services.ticket_update(
        actor=mesa_user,
        ticket=ticket,
        status="RESUELTO",
        priority="ALTA",
        area="MANTENIMIENTO",
        response="Se cambió el tóner.",
    )
    change, comment = written
    assert [a.type for a in _history(ticket)] == ["ticketCreated", "statusUpdated", "comment"]
    assert change.data == {
        "status": "RESUELTO",
        "priority": "ALTA",
        "area": "MANTENIMIENTO",
        "previousAttributes": {"status": "NUEVO", "priority": "MEDIA", "area": "TECNOLOGIA"},
    }
    assert change.public and comment.public
    assert comment.data == {"text": "Se cambió el tóner."}
    assert comment.created_at > change.created_at
    assert change.actor_snapshot["rol"] == "MESA"
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority.name, ticket.area) == ("RESUELTO", "ALTA", area_b)
    assert ticket.resolved_at is not None


def test_response_alone_writes_only_a_comment(ticket, area_a_user):
    services.ticket_update(
        actor=area_a_user, ticket=ticket, status="NUEVO", priority="MEDIA", response="Revisando."
    )
    assert [a.type for a in _history(ticket)] == ["ticketCreated", "comment"]


def test_priority_change_moves_the_sla_due_time(ticket, mesa_user):
    services.ticket_update(actor=mesa_user, ticket=ticket, status="EN PROCESO", priority="URGENTE")
    ticket.refresh_from_db()
    assert ticket.sla_due_at - ticket.created_at == timedelta(hours=4)
    assert ticket.status == Status.EN_PROCESO


def test_moving_to_another_area_drops_an_assignee_of_the_old_area(
    ticket, mesa_user, area_a_user, area_b
):
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
    services.ticket_update(
        actor=area_a_user,
        ticket=ticket,
        status="EN_PROCESO",
        area="MANTENIMIENTO",
        response="No es mío",
    )
    ticket.refresh_from_db()
    assert ticket.assignee is None
    change = _history(ticket)[-2]
    assert change.data["previousAttributes"]["assignee"] == str(area_a_user.pk)


def test_area_agent_cannot_update_other_area_ticket(ticket, area_b_user):
    with pytest.raises(NotAllowed):
        services.ticket_update(
            actor=area_b_user, ticket=ticket, status="EN_PROCESO", response="Hola!"
        )
    assert len(_history(ticket)) == 1


def test_update_out_of_a_terminal_status_is_a_conflict_and_changes_nothing(ticket, mesa_user):
    services.ticket_cancel(actor=mesa_user, ticket=ticket, reason="Duplicado")
    before = Ticket.objects.get(pk=ticket.pk)
    with pytest.raises(InvalidTransition):
        services.ticket_update(
            actor=mesa_user, ticket=ticket, status="EN_PROCESO", response="Hola!"
        )
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.updated_at) == (before.status, before.updated_at)
    assert len(_history(ticket)) == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": "VOLANDO"}, "status"),
        ({"status": "EN_PROCESO", "priority": "NOPE"}, "priority"),
        ({"status": "EN_PROCESO", "area": "NOPE"}, "area"),
        ({"status": "NUEVO", "response": ""}, "response"),  # nothing would change
        ({"status": "EN_PROCESO", "response": "x" * 5001}, "response"),
    ],
)
def test_bad_update_is_refused_naming_the_field_and_writes_nothing(
    ticket, mesa_user, kwargs, field
):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_update(actor=mesa_user, ticket=ticket, **kwargs)
    assert field in exc.value.errors
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO
    assert len(_history(ticket)) == 1


def test_failure_while_writing_history_rolls_back_the_ticket(ticket, mesa_user):
    with (
        mock.patch("tickets.services.status.write_comment", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        services.ticket_update(
            actor=mesa_user, ticket=ticket, status="RESUELTO", response="Listo ya."
        )
    ticket.refresh_from_db()
    assert ticket.status == Status.NUEVO
    assert ticket.resolved_at is None
    assert len(_history(ticket)) == 1


def test_fields_left_out_keep_a_concurrent_change(ticket, mesa_user, area_a_user):
    # Agent A resolves; agent B, on a page loaded before, only answers.
    services.ticket_update(actor=area_a_user, ticket=ticket, status="RESUELTO", priority="ALTA")
    services.ticket_update(actor=mesa_user, ticket=ticket, response="Gracias por avisar.")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority.name) == ("RESUELTO", "ALTA")
    assert [a.type for a in _history(ticket)][-1] == "comment"
