"""The state machine, transition by transition, and the status vocabularies."""

import itertools

import pytest

from tickets.errors import InvalidTransition, ValidationFailed
from tickets.models import Status
from tickets.workflow import (
    SPACEBRING_READ,
    SPACEBRING_WRITE,
    TERMINAL_STATUSES,
    check_transition,
    internal_statuses_for,
    parse_status,
    to_spacebring,
)

S = Status
ALLOWED = {
    (S.NUEVO, t)
    for t in [S.ASIGNADO, S.EN_PROCESO, S.PAUSADO, S.TRANSFERIDO, S.RECLASIFICADO]
    + [S.RESUELTO, S.CERRADO, S.CANCELADO, S.ARCHIVADO]
}
for working in [S.ASIGNADO, S.EN_PROCESO, S.PAUSADO, S.TRANSFERIDO, S.RECLASIFICADO]:
    ALLOWED |= {(working, t) for t in S if t != working}
ALLOWED |= {(S.RESUELTO, t) for t in [S.NUEVO, S.EN_PROCESO, S.CERRADO, S.ARCHIVADO]}
ALLOWED |= {(S.CERRADO, t) for t in [S.NUEVO, S.EN_PROCESO, S.ARCHIVADO]}

ALL_PAIRS = list(itertools.product(list(S), list(S)))


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transition_passes(current, target):
    check_transition(current, target)


@pytest.mark.parametrize(("current", "target"), [pair for pair in ALL_PAIRS if pair not in ALLOWED])
def test_forbidden_transition_raises_conflict_naming_both_statuses(current, target):
    with pytest.raises(InvalidTransition) as exc:
        check_transition(current, target)
    assert exc.value.status_code == 409
    assert current in str(exc.value.message) and target in str(exc.value.message)


@pytest.mark.parametrize("status", sorted(set(S) - TERMINAL_STATUSES))
def test_same_status_is_allowed_when_the_operation_changes_something_else(status):
    check_transition(status, status, allow_same=True)


@pytest.mark.parametrize("status", sorted(TERMINAL_STATUSES))
@pytest.mark.parametrize("target", list(S))
def test_nothing_leaves_a_terminal_status_even_to_itself(status, target):
    with pytest.raises(InvalidTransition):
        check_transition(status, target, allow_same=True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("EN_PROCESO", S.EN_PROCESO),
        ("en proceso", S.EN_PROCESO),
        ("  En   Proceso ", S.EN_PROCESO),
        ("resuelto", S.RESUELTO),
        ("ABIERTO", S.NUEVO),
        ("pendiente", S.NUEVO),
    ],
)
def test_parse_status_reads_mesa_spellings(raw, expected):
    assert parse_status(raw) == expected


@pytest.mark.parametrize("raw", ["", "XX", "TERMINADO", None])
def test_parse_status_refuses_unknown_names_naming_the_field(raw):
    with pytest.raises(ValidationFailed) as exc:
        parse_status(raw, field="estado")
    assert "estado" in exc.value.errors


def test_every_internal_status_reads_as_one_of_the_four_spacebring_statuses():
    assert set(SPACEBRING_READ) == set(S)
    assert set(SPACEBRING_READ.values()) == {"new", "inProgress", "solved", "closed"}
    assert to_spacebring(S.PAUSADO) == "inProgress"
    assert to_spacebring(S.ARCHIVADO) == "closed"


def test_spacebring_writes_map_to_the_design_table():
    assert SPACEBRING_WRITE == {
        "new": S.NUEVO,
        "inProgress": S.EN_PROCESO,
        "solved": S.RESUELTO,
        "closed": S.CERRADO,
    }
    assert sorted(internal_statuses_for("closed")) == sorted([S.CERRADO, S.CANCELADO, S.ARCHIVADO])
