import pytest

from tickets import services
from tickets.errors import InvalidTransition, NotAllowed, ValidationFailed
from tickets.models import Status


def test_transfer_changes_area_and_records_previous_area(ticket, mesa_user, area_b, area_b_user):
    activity = services.ticket_transfer(
        actor=mesa_user,
        ticket=ticket,
        area="MANTENIMIENTO",
        assignee=area_b_user,
        reason="Es físico",
    )
    ticket.refresh_from_db()
    assert (ticket.area, ticket.assignee, ticket.status) == (
        area_b,
        area_b_user,
        Status.TRANSFERIDO,
    )
    assert activity.type == "areaTransferred"
    assert activity.public is False
    assert activity.data["area"] == "MANTENIMIENTO"
    assert activity.data["previousAttributes"]["area"] == "TECNOLOGIA"
    assert activity.data["previousAttributes"]["status"] == "NUEVO"
    assert activity.data["reason"] == "Es físico"


def test_transfer_drops_the_previous_assignee(ticket, mesa_user, area_a_user, area_b):
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
    services.ticket_transfer(actor=mesa_user, ticket=ticket, area=area_b)
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_transfer_to_the_same_area_is_refused(ticket, mesa_user):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_transfer(actor=mesa_user, ticket=ticket, area="TECNOLOGIA")
    assert "area" in exc.value.errors


def test_transfer_with_an_agent_of_a_third_area_is_refused(
    ticket, mesa_user, area_mesa, area_b_user
):
    with pytest.raises(ValidationFailed) as exc:
        services.ticket_transfer(
            actor=mesa_user, ticket=ticket, area=area_mesa, assignee=area_b_user
        )
    assert "assignee" in exc.value.errors


def test_area_agent_cannot_transfer(ticket, area_a_user, area_b):
    with pytest.raises(NotAllowed):
        services.ticket_transfer(actor=area_a_user, ticket=ticket, area=area_b)


def test_archived_ticket_cannot_be_transferred(ticket, mesa_user, area_b):
    services.ticket_archive(actor=mesa_user, ticket=ticket)
    with pytest.raises(InvalidTransition):
        services.ticket_transfer(actor=mesa_user, ticket=ticket, area=area_b)
