"""The ticket state machine: one table says which status may follow which.

Internal statuses are Mesa's; Spacebring's four are a view of them (see DESIGN.md).
"""

from django.utils.translation import gettext as _

from tickets.errors import InvalidTransition, TicketFinal, ValidationFailed
from tickets.models import Status

S = Status

TERMINAL_STATUSES = frozenset({S.CANCELADO, S.ARCHIVADO})
SOLVED_STATUSES = frozenset({S.RESUELTO, S.CERRADO})
OPEN_STATUSES = frozenset(
    {S.NUEVO, S.ASIGNADO, S.EN_PROCESO, S.PAUSADO, S.TRANSFERIDO, S.RECLASIFICADO}
)
_WORKING = frozenset({S.ASIGNADO, S.EN_PROCESO, S.TRANSFERIDO, S.RECLASIFICADO})
_ANY_WORK = OPEN_STATUSES | SOLVED_STATUSES | TERMINAL_STATUSES

# status -> statuses it may move to. A status absent from its own set may still be
# "re-entered" by operations that change something else (re-assign, transfer again);
# see ``check_transition(allow_same=...)``.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NUEVO: _ANY_WORK - {S.NUEVO},
    S.ASIGNADO: _ANY_WORK - {S.ASIGNADO},
    S.EN_PROCESO: _ANY_WORK - {S.EN_PROCESO},
    S.TRANSFERIDO: _ANY_WORK - {S.TRANSFERIDO},
    S.RECLASIFICADO: _ANY_WORK - {S.RECLASIFICADO},
    S.PAUSADO: _ANY_WORK - {S.PAUSADO},
    # A solved or closed ticket is reopened (back to work or to new), closed or archived.
    S.RESUELTO: frozenset({S.NUEVO, S.EN_PROCESO, S.CERRADO, S.ARCHIVADO}),
    S.CERRADO: frozenset({S.NUEVO, S.EN_PROCESO, S.ARCHIVADO}),
    S.CANCELADO: frozenset(),
    S.ARCHIVADO: frozenset(),
}

# Statuses that ``reabrir`` brings back to work.
REOPENABLE_STATUSES = frozenset({S.PAUSADO, S.RESUELTO, S.CERRADO})

# Statuses only their own operation sets (asignar, transferir, reclasificar): a plain status
# change to them would claim an assignment, transfer or reclassification that never happened.
SET_BY_OPERATION = frozenset({S.ASIGNADO, S.TRANSFERIDO, S.RECLASIFICADO})

# Spacebring's vocabulary.
SPACEBRING_READ = {
    S.NUEVO: "new",
    S.ASIGNADO: "inProgress",
    S.EN_PROCESO: "inProgress",
    S.PAUSADO: "inProgress",
    S.TRANSFERIDO: "inProgress",
    S.RECLASIFICADO: "inProgress",
    S.RESUELTO: "solved",
    S.CERRADO: "closed",
    S.CANCELADO: "closed",
    S.ARCHIVADO: "closed",
}
SPACEBRING_WRITE = {
    "new": S.NUEVO,
    "inProgress": S.EN_PROCESO,
    "solved": S.RESUELTO,
    "closed": S.CERRADO,
}

# Names the original Mesa front end shows for statuses.
_ALIASES = {"ABIERTO": S.NUEVO, "PENDIENTE": S.NUEVO}


def to_spacebring(status: str) -> str:
    return SPACEBRING_READ[status]


def internal_statuses_for(spacebring_status: str) -> list[str]:
    """Every internal status that reads as the given Spacebring status (for filters)."""
    return [s for s, sb in SPACEBRING_READ.items() if sb == spacebring_status]


def parse_status(value: str, *, field: str = "status") -> Status:
    """Read a Mesa ``estado``: case-insensitive, spaces as underscores, legacy aliases."""
    key = "_".join(str(value or "").strip().upper().split())
    key = _ALIASES.get(key, key)
    try:
        return Status(key)
    except ValueError:
        raise ValidationFailed.for_field(
            field,
            _("'%(value)s' is not a valid status (%(choices)s).")
            % {"value": value, "choices": ", ".join(Status.values)},
        ) from None


def check_transition(current: str, target: str, *, allow_same: bool = False) -> None:
    """Raise ``InvalidTransition`` unless ``current`` may move to ``target``."""
    if current == target and allow_same and current not in TERMINAL_STATUSES:
        return
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(current, target)


def check_open_for_comments(current: str) -> None:
    """One rule on every way in (portal, both APIs, e-mail): comments and internal notes are
    taken on every ticket but a terminal one (CANCELADO, ARCHIVADO), which answers 409."""
    if current in TERMINAL_STATUSES:
        raise TicketFinal(current)
