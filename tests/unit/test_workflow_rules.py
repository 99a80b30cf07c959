"""The workflow's rules written once (``tickets.workflow``): the moves a ticket offers from
each status and to each role, and the one SLA-clock-end rule, whose Python and queryset
forms give the same instant on every kind of ticket."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from portal.actions import ACTIONS, allowed_actions
from reports import csv_cells
from tickets import access, selectors
from tickets.models import PauseKind, Status, Ticket
from tickets.sla import status as sla_status
from tickets.workflow import (
    MOVES,
    OPEN_STATUSES,
    allowed_moves,
    closed_at,
    closed_at_expression,
    sla_clock_end_expression,
)

S = Status

# --- allowed_moves -------------------------------------------------------------------------

KEEP = {"reply", "take", "link", "unlink"}  # keep the status: any ticket but a final one
WORK = KEEP | {"merge", "assign", "transfer", "reclassify", "pause", "cancel", "archive"}
MOVES_FROM = {
    S.NUEVO: WORK,
    S.ASIGNADO: WORK,
    S.EN_PROCESO: WORK,
    S.TRANSFERIDO: WORK,
    S.RECLASIFICADO: WORK,
    S.PAUSADO: (WORK - {"pause"}) | {"reopen"},
    S.RESUELTO: KEEP | {"reopen", "archive"},
    S.CERRADO: KEEP | {"reopen", "archive"},
    S.CANCELADO: set(),
    S.ARCHIVADO: set(),
}
PRODUCES = {
    "merge": S.CANCELADO,
    "assign": S.ASIGNADO,
    "transfer": S.TRANSFERIDO,
    "reclassify": S.RECLASIFICADO,
    "pause": S.PAUSADO,
    "reopen": S.EN_PROCESO,
    "cancel": S.CANCELADO,
    "archive": S.ARCHIVADO,
}
# What the role matrix leaves of a ticket's moves (the ticket is of area A).
AREA_MOVES = {"reply", "take", "merge", "link", "unlink", "pause", "cancel", "archive"}
ROLE_MOVES = {
    "admin": set(MOVES),
    "mesa": set(MOVES),
    "area_own": AREA_MOVES,
    "area_other": set(),
    "usuario": set(),
}


@pytest.mark.parametrize("status", list(S))
def test_allowed_moves_per_status_and_the_status_each_produces(status):
    moves = allowed_moves(Ticket(status=status))
    assert set(moves) == MOVES_FROM[status]
    assert list(moves) == [name for name in MOVES if name in moves]  # the table's order
    for name, produced in moves.items():
        if name == "take" and status == S.NUEVO:
            assert produced == S.ASIGNADO  # taking a new ticket assigns it
        else:
            assert produced == PRODUCES.get(name, status)


@pytest.mark.parametrize("role", sorted(ROLE_MOVES))
@pytest.mark.parametrize("status", list(S))
def test_allowed_moves_per_role(users, area_a, role, status):
    ticket = Ticket(status=status, area=area_a)
    moves = allowed_moves(ticket, users[role], can=access.can)
    assert set(moves) == MOVES_FROM[status] & ROLE_MOVES[role]
    # The portal offers exactly these actions.
    assert [a.name for a in allowed_actions(users[role], ticket)] == list(moves)


def test_actor_without_the_access_rules_is_refused():
    with pytest.raises(TypeError):
        allowed_moves(Ticket(status=S.NUEVO), object())


def test_every_move_is_a_portal_action_with_the_moves_permission():
    assert list(ACTIONS) == list(MOVES)
    for name, action in ACTIONS.items():
        assert action.permission == access.Action(MOVES[name].permission)


# --- the SLA clock's end -------------------------------------------------------------------

NOW = timezone.now().replace(microsecond=0)
H = timedelta(hours=1)
RESOLVED, CHANGED, PAUSED = NOW - 3 * H, NOW - 2 * H, NOW - 5 * H
RP, TP = PauseKind.REQUESTER, PauseKind.THIRD_PARTY

# name -> (status, resolved_at, sla_paused_at, pause_kind, where the clock ends)
CLOCK_CASES = {
    "new": (S.NUEVO, None, None, None, NOW),
    "in_progress": (S.EN_PROCESO, None, None, None, NOW),
    "transferred": (S.TRANSFERIDO, None, None, None, NOW),
    "paused_for_requester": (S.PAUSADO, None, PAUSED, RP, PAUSED),
    "paused_for_third_party": (S.PAUSADO, None, PAUSED, TP, PAUSED),
    "paused_without_kind": (S.PAUSADO, None, PAUSED, None, PAUSED),
    "solved": (S.RESUELTO, RESOLVED, None, None, RESOLVED),
    "solved_while_paused": (S.RESUELTO, RESOLVED, PAUSED, RP, RESOLVED),
    "closed": (S.CERRADO, RESOLVED, None, None, RESOLVED),
    "cancelled": (S.CANCELADO, None, None, None, CHANGED),
    "cancelled_while_paused": (S.CANCELADO, None, PAUSED, TP, CHANGED),
    "archived": (S.ARCHIVADO, None, None, None, CHANGED),
    "archived_after_solving": (S.ARCHIVADO, RESOLVED, None, None, RESOLVED),
}


@pytest.fixture
def clock_tickets(make_ticket):
    made = {}
    for name, (status, resolved, paused, kind, _) in CLOCK_CASES.items():
        ticket = make_ticket(subject=name)
        Ticket.objects.filter(pk=ticket.pk).update(
            status=status,
            resolved_at=resolved,
            sla_paused_at=paused,
            pause_kind=kind,
            status_updated_at=CHANGED,
            created_at=NOW - 10 * H,
            # Due between the stops, so some cases are breached and some are not.
            sla_due_at=NOW - 4 * H,
            first_response_due_at=NOW - 4 * H,
            first_responded_at=None,
        )
        made[name] = Ticket.objects.get(pk=ticket.pk)
    return made


def test_python_and_orm_clock_end_agree_on_every_case(clock_tickets):
    rows = Ticket.objects.filter(pk__in=[t.pk for t in clock_tickets.values()]).annotate(
        end=sla_clock_end_expression(NOW), closed=closed_at_expression()
    )
    by_query = {row.subject: (row.end, row.closed) for row in rows}
    for name, ticket in clock_tickets.items():
        expected = CLOCK_CASES[name][-1]
        assert ticket.sla_clock_end(NOW) == expected, name
        assert by_query[name][0] == expected, name
        assert by_query[name][1] == closed_at(ticket), name
        assert (closed_at(ticket) is None) == (ticket.status in OPEN_STATUSES), name


def test_breach_filters_agree_with_the_tickets(clock_tickets):
    """The breach filters build on the expression: each agrees with its Python rule."""
    resolution = {n for n, t in clock_tickets.items() if t.sla_breached(NOW)}
    first = {n for n, t in clock_tickets.items() if sla_status.first_response_breached(t, NOW)}
    assert resolution == {n for n, c in CLOCK_CASES.items() if c[-1] > NOW - 4 * H}

    def names(q):
        return set(Ticket.objects.filter(q).values_list("subject", flat=True))

    assert names(selectors.sla_resolution_breached_q(NOW)) == resolution
    assert names(sla_status.first_response_breached_q(NOW)) == first == resolution


def test_the_exports_hours_left_agree_with_python(clock_tickets):
    if connection.vendor != "postgresql":
        pytest.skip("the SQL cell is PostgreSQL's")
    rows = Ticket.objects.filter(pk__in=[t.pk for t in clock_tickets.values()])
    by_query = dict(rows.annotate(h=csv_cells._HoursLeft(NOW)).values_list("subject", "h"))
    assert by_query == {n: csv_cells._hours(t, NOW) for n, t in clock_tickets.items()}
