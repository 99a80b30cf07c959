"""``tickets_bulk_apply``: each ticket through ``ticket_for`` and its own service in
its own transaction; refusals say why; the operations registry."""

import uuid

import pytest

from tickets.access import OTHER_AREA_MESSAGE, Action
from tickets.errors import ValidationFailed
from tickets.models import Activity, Status, Ticket
from tickets.services import bulk
from tickets.services.bulk import BULK_MAX, BulkOperation, tickets_bulk_apply

pytestmark = pytest.mark.django_db


def test_area_agent_status_change_is_done_on_own_tickets_and_refused_on_others(
    make_ticket, users, area_b
):
    own = [make_ticket(), make_ticket()]
    theirs = make_ticket(area=area_b)
    result = tickets_bulk_apply(
        actor=users["area_own"],
        ticket_ids=[t.pk for t in [*own, theirs]],
        operation="status",
        params={"status": "EN_PROCESO"},
    )
    assert [i.label for i in result.done] == [t.label for t in own]
    assert [(i.label, i.message) for i in result.refused] == [
        (theirs.label, str(OTHER_AREA_MESSAGE))
    ]
    assert set(Ticket.objects.filter(status=Status.EN_PROCESO)) == set(own)
    theirs.refresh_from_db()
    assert theirs.status == Status.NUEVO
    assert Activity.objects.filter(ticket=theirs).count() == 1  # only its creation


def test_desk_transfer_moves_each_ticket_and_reports_the_one_already_there(
    make_ticket, users, area_b
):
    a, already = make_ticket(), make_ticket(area=area_b)
    result = tickets_bulk_apply(
        actor=users["mesa"],
        ticket_ids=[a.pk, already.pk],
        operation="transfer",
        params={"area": area_b},
    )
    assert [i.label for i in result.done] == [a.label]
    assert [i.label for i in result.refused] == [already.label]
    a.refresh_from_db()
    assert a.area == area_b and a.status == Status.TRANSFERIDO


def test_area_agent_transfer_is_an_update_of_the_area_as_on_its_ticket_page(
    make_ticket, users, area_mesa
):
    t = make_ticket()
    result = tickets_bulk_apply(
        actor=users["area_own"], ticket_ids=[t.pk], operation="transfer", params={"area": area_mesa}
    )
    assert len(result.done) == 1
    t.refresh_from_db()
    assert t.area == area_mesa and t.status == Status.NUEVO


def test_priority_tag_and_assign(make_ticket, users):
    t = make_ticket()
    for operation, params in [
        ("priority", {"priority": "URGENTE"}),
        ("tag", {"tag": " Printer Jam "}),
        ("assign", {"assignee": users["area_own"]}),
    ]:
        result = tickets_bulk_apply(
            actor=users["mesa"], ticket_ids=[t.pk], operation=operation, params=params
        )
        assert len(result.done) == 1, (operation, [i.message for i in result.refused])
    t.refresh_from_db()
    assert t.priority.name == "URGENTE" and t.assignee == users["area_own"]
    assert list(t.tags.values_list("name", flat=True)) == ["printer-jam"]


def test_area_agent_may_not_assign_and_is_told_why(ticket, users):
    result = tickets_bulk_apply(
        actor=users["area_own"],
        ticket_ids=[ticket.pk],
        operation="assign",
        params={"assignee": users["area_own"]},
    )
    assert result.done == [] and len(result.refused) == 1
    assert result.refused[0].message


def test_unknown_and_malformed_ids_are_refused_one_by_one(ticket, users):
    result = tickets_bulk_apply(
        actor=users["mesa"],
        ticket_ids=[ticket.pk, uuid.uuid4(), "not-a-uuid"],
        operation="tag",
        params={"tag": "vip"},
    )
    assert len(result.done) == 1 and len(result.refused) == 2


def test_duplicates_count_once(ticket, users):
    result = tickets_bulk_apply(
        actor=users["mesa"], ticket_ids=[ticket.pk] * 3, operation="tag", params={"tag": "x"}
    )
    assert len(result.done) == 1 and result.refused == []


@pytest.mark.parametrize(
    ("ids", "operation", "params"),
    [
        ([], "tag", {"tag": "x"}),
        ([uuid.uuid4() for _ in range(BULK_MAX + 1)], "tag", {"tag": "x"}),
        (["x"], "nope", {}),
        (["x"], "status", {}),
        (["x"], "tag", {"tag": "!!!"}),
    ],
)
def test_bad_requests_are_refused_before_any_ticket(users, ids, operation, params):
    with pytest.raises(ValidationFailed):
        tickets_bulk_apply(actor=users["mesa"], ticket_ids=ids, operation=operation, params=params)


def test_a_registered_operation_runs_through_the_same_loop(make_ticket, users, area_b):
    seen = []
    op = BulkOperation(
        name="probe",
        label="Probe",
        permission=Action.NOTE,
        fields=("text",),
        run=lambda actor, ticket, params: seen.append((ticket.label, params["text"])),
    )
    bulk.register(op)
    try:
        own, theirs = make_ticket(), make_ticket(area=area_b)
        result = tickets_bulk_apply(
            actor=users["area_own"],
            ticket_ids=[own.pk, theirs.pk],
            operation="probe",
            params={"text": "hi"},
        )
    finally:
        bulk.OPERATIONS.pop("probe")
    assert seen == [(own.label, "hi")]
    assert len(result.done) == 1 and len(result.refused) == 1
