"""A status change needs the permission of what it really is, whichever service asks:
taking a solved or closed ticket back to work is a reopen (ADMIN, MESA only); resuming a
paused one (PAUSADO → EN_PROCESO) is work an AREA agent does on its own area."""

import pytest

from tickets import services
from tickets.access import OTHER_AREA_MESSAGE, ROLE_MESSAGE, Action, transition_action
from tickets.errors import InvalidTransition, NotAllowed, ValidationFailed
from tickets.models import Status

REOPENS = [
    ("RESUELTO", "EN_PROCESO"),
    ("RESUELTO", "NUEVO"),
    ("CERRADO", "EN_PROCESO"),
    ("CERRADO", "NUEVO"),
    ("PAUSADO", "NUEVO"),
]


@pytest.mark.parametrize(("start", "back_to"), REOPENS)
def test_area_agent_cannot_reopen_through_actualizar(
    ticket, mesa_user, area_a_user, start, back_to
):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status=start)
    before = ticket.activities.count()
    with pytest.raises(NotAllowed) as exc:
        services.ticket_update(actor=area_a_user, ticket=ticket, status=back_to, response="Sigo")
    assert exc.value.message is ROLE_MESSAGE
    ticket.refresh_from_db()
    assert ticket.status == start
    assert ticket.activities.count() == before


@pytest.mark.parametrize(("start", "back_to"), REOPENS)
def test_area_agent_cannot_reopen_through_a_status_change(
    ticket, mesa_user, area_a_user, start, back_to
):
    services.ticket_change_status(actor=mesa_user, ticket=ticket, status=start)
    with pytest.raises(NotAllowed):
        services.ticket_change_status(actor=area_a_user, ticket=ticket, status=back_to)


def test_resuming_a_pause_is_work_not_a_reopen():
    assert transition_action(Status.PAUSADO, Status.EN_PROCESO) == Action.RESUME
    assert transition_action(Status.PAUSADO, Status.NUEVO) == Action.REOPEN
    assert transition_action(Status.RESUELTO, Status.EN_PROCESO) == Action.REOPEN


@pytest.mark.parametrize("via", ["actualizar", "status"])
def test_area_agent_resumes_its_own_paused_ticket(ticket, mesa_user, area_a_user, via):
    services.ticket_pause(actor=mesa_user, ticket=ticket)
    if via == "actualizar":
        services.ticket_update(actor=area_a_user, ticket=ticket, status="EN_PROCESO")
    else:
        services.ticket_change_status(actor=area_a_user, ticket=ticket, status="EN_PROCESO")
    ticket.refresh_from_db()
    assert ticket.status == Status.EN_PROCESO
    assert ticket.activities.last().data["previousAttributes"]["status"] == "PAUSADO"


def test_area_agent_of_another_area_cannot_resume(ticket, mesa_user, area_b_user):
    services.ticket_pause(actor=mesa_user, ticket=ticket)
    with pytest.raises(NotAllowed) as exc:
        services.ticket_update(actor=area_b_user, ticket=ticket, status="EN_PROCESO")
    assert exc.value.message is OTHER_AREA_MESSAGE


def test_reabrir_stays_a_desk_operation_even_on_a_paused_ticket(ticket, mesa_user, area_a_user):
    services.ticket_pause(actor=mesa_user, ticket=ticket)
    with pytest.raises(NotAllowed):
        services.ticket_reopen(actor=area_a_user, ticket=ticket)
    services.ticket_reopen(actor=mesa_user, ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.status == Status.EN_PROCESO


@pytest.mark.parametrize("role", ["admin", "mesa"])
def test_desk_may_reopen_through_actualizar(users, ticket, role):
    services.ticket_change_status(actor=users["mesa"], ticket=ticket, status="RESUELTO")
    services.ticket_update(actor=users[role], ticket=ticket, status="EN_PROCESO", response="Vuelve")
    ticket.refresh_from_db()
    assert ticket.status == Status.EN_PROCESO


def test_area_agent_may_solve_a_paused_ticket_and_pause_through_actualizar(ticket, area_a_user):
    services.ticket_update(actor=area_a_user, ticket=ticket, status="PAUSADO")
    services.ticket_update(actor=area_a_user, ticket=ticket, status="RESUELTO", response="Listo.")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESUELTO


@pytest.mark.parametrize("target", ["ASIGNADO", "TRANSFERIDO", "RECLASIFICADO"])
def test_statuses_of_their_own_operations_are_refused_to_plain_updates(ticket, mesa_user, target):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_update(actor=mesa_user, ticket=ticket, status=target, response="Hola!")
    assert "status" in exc.value.errors
    with pytest.raises(ValidationFailed):
        services.ticket_change_status(actor=mesa_user, ticket=ticket, status=target)
    assert ticket.activities.count() == 1


def test_a_cancelled_ticket_cannot_be_unassigned(ticket, mesa_user, area_a_user):
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
    services.ticket_cancel(actor=mesa_user, ticket=ticket)
    with pytest.raises(InvalidTransition):
        services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=None)
    ticket.refresh_from_db()
    assert ticket.assignee == area_a_user


@pytest.mark.parametrize("actor_role", ["usuario", "anonymous"])
def test_only_agents_open_a_ticket_in_someone_elses_name(make_ticket, users, actor_role):
    actor = None if actor_role == "anonymous" else users["usuario"]
    with pytest.raises(NotAllowed):
        make_ticket(actor=actor, requester=users["mesa"])


def test_an_agent_opens_a_ticket_for_a_requester(make_ticket, area_a_user, requester):
    ticket = make_ticket(actor=area_a_user, requester=requester)
    assert ticket.requester == requester
