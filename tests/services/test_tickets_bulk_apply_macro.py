"""The bulk "apply macro" operation: each ticket through ``macro_apply`` (the reply filled
for that ticket, the macro's changes and note), by the role matrix of a public reply plus
the macros the agent may use."""

import pytest

from tickets import services
from tickets.access import OTHER_AREA_MESSAGE
from tickets.errors import ValidationFailed
from tickets.models import Activity, ActivityType, Status, Ticket
from tickets.services.bulk import OPERATIONS, tickets_bulk_apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_macro(mesa_user):
    return services.macro_create(
        actor=mesa_user,
        name="Recibido",
        body="Hola {requester_name}, ya lo revisamos ({label}).",
        set_status="EN_PROCESO",
        note="Aplicada en lote.",
    )


def _replies(ticket) -> list[str]:
    rows = Activity.objects.filter(ticket=ticket, type=ActivityType.COMMENT, public=True)
    return [a.data["text"] for a in rows]


@pytest.mark.parametrize("role", ["admin", "mesa", "area_own"])
def test_agents_who_may_reply_apply_a_macro_to_each_ticket(make_ticket, users, shared_macro, role):
    tickets = [make_ticket(requester_name="Ana"), make_ticket(requester_name="Luis")]
    result = tickets_bulk_apply(
        actor=users[role],
        ticket_ids=[t.pk for t in tickets],
        operation="macro",
        params={"macro": shared_macro.pk},
    )
    assert [i.label for i in result.done] == [t.label for t in tickets] and not result.refused
    for t, name in zip(tickets, ("Ana", "Luis"), strict=True):
        t = Ticket.objects.get(pk=t.pk)
        assert t.status == Status.EN_PROCESO
        assert _replies(t) == [f"Hola {name}, ya lo revisamos ({t.label})."]
        notes = Activity.objects.filter(ticket=t, type=ActivityType.COMMENT, public=False)
        assert [a.data["text"] for a in notes] == ["Aplicada en lote."]


def test_an_area_agent_is_refused_another_areas_ticket_with_the_reason(
    make_ticket, users, shared_macro, area_b
):
    own, theirs = make_ticket(), make_ticket(area=area_b)
    result = tickets_bulk_apply(
        actor=users["area_own"],
        ticket_ids=[own.pk, theirs.pk],
        operation="macro",
        params={"macro": shared_macro.pk},
    )
    assert [i.label for i in result.done] == [own.label]
    assert [(i.label, i.message) for i in result.refused] == [
        (theirs.label, str(OTHER_AREA_MESSAGE))
    ]
    assert Activity.objects.filter(ticket=theirs).count() == 1  # only its creation
    assert Ticket.objects.get(pk=theirs.pk).status == Status.NUEVO


def test_an_area_agent_may_not_use_another_areas_macro(make_ticket, users, mesa_user, area_b):
    theirs = services.macro_create(
        actor=mesa_user, name="De mantenimiento", body="Hola {requester_name}.", area_scope=area_b
    )
    ticket = make_ticket()
    with pytest.raises(ValidationFailed) as refused:
        tickets_bulk_apply(
            actor=users["area_own"],
            ticket_ids=[ticket.pk],
            operation="macro",
            params={"macro": theirs.pk},
        )
    assert refused.value.errors == {"macro": ["Macro no encontrada."]}
    assert Activity.objects.filter(ticket=ticket).count() == 1
    # Its own area's agent may.
    other = make_ticket(area=area_b)
    result = tickets_bulk_apply(
        actor=users["area_other"],
        ticket_ids=[other.pk],
        operation="macro",
        params={"macro": theirs.pk},
    )
    assert len(result.done) == 1


def test_a_macro_is_required_and_a_requester_may_not_apply_one(make_ticket, users, shared_macro):
    ticket = make_ticket()
    with pytest.raises(ValidationFailed):
        tickets_bulk_apply(
            actor=users["mesa"], ticket_ids=[ticket.pk], operation="macro", params={}
        )
    with pytest.raises(ValidationFailed):
        tickets_bulk_apply(
            actor=users["usuario"],
            ticket_ids=[ticket.pk],
            operation="macro",
            params={"macro": shared_macro.pk},
        )
    assert Activity.objects.filter(ticket=ticket).count() == 1


def test_a_macro_whose_change_the_ticket_refuses_leaves_that_ticket_whole(
    make_ticket, users, shared_macro
):
    ok, cancelled = make_ticket(), make_ticket()
    services.ticket_cancel(actor=users["mesa"], ticket=cancelled, reason="Duplicado")
    before = Activity.objects.filter(ticket=cancelled).count()
    result = tickets_bulk_apply(
        actor=users["mesa"],
        ticket_ids=[ok.pk, cancelled.pk],
        operation="macro",
        params={"macro": shared_macro.pk},
    )
    assert [i.label for i in result.done] == [ok.label]
    assert [i.label for i in result.refused] == [cancelled.label]
    assert Activity.objects.filter(ticket=cancelled).count() == before
    assert OPERATIONS["macro"].fields == ("macro",)
