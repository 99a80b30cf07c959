"""The ticket's workflow, written once: its statuses, the sets every screen and service
groups them in, which status may follow which, the moves an agent may make from a status
(``allowed_moves``, what the portal offers) and the one rule of where the SLA clock stops
(``sla_clock_end`` in Python, ``sla_clock_end_expression`` for querysets).

Internal statuses are Mesa's; Spacebring's four are a view of them (see DESIGN.md). This
module imports no model: ``tickets.models`` builds on it (and re-exports ``Status``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import Conflict, DomainError, ValidationFailed


class Status(models.TextChoices):
    NUEVO = "NUEVO", gettext_lazy("New")
    ASIGNADO = "ASIGNADO", gettext_lazy("Assigned")
    EN_PROCESO = "EN_PROCESO", gettext_lazy("In progress")
    PAUSADO = "PAUSADO", gettext_lazy("Paused")
    TRANSFERIDO = "TRANSFERIDO", gettext_lazy("Transferred")
    RECLASIFICADO = "RECLASIFICADO", gettext_lazy("Reclassified")
    RESUELTO = "RESUELTO", gettext_lazy("Solved")
    CERRADO = "CERRADO", gettext_lazy("Closed")
    CANCELADO = "CANCELADO", gettext_lazy("Cancelled")
    ARCHIVADO = "ARCHIVADO", gettext_lazy("Archived")


# The state machine's refusals (tickets.errors re-exports them with the other domain errors).


def _status_label(value) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return str(value)


class InvalidTransition(Conflict):
    """The state machine refuses the move (``message`` names the codes, as the APIs show
    them; ``in_words()`` names the statuses' labels, as the pages show them)."""

    def __init__(self, current: str, target: str):
        self.current = current
        self.target = target
        super().__init__(
            _("A ticket in status %(current)s cannot change to %(target)s.")
            % {"current": current, "target": target}
        )

    def in_words(self) -> str:
        return _("A ticket in status %(current)s cannot change to %(target)s.") % {
            "current": _status_label(self.current),
            "target": _status_label(self.target),
        }


class TicketFinal(InvalidTransition):
    """The ticket is CANCELADO or ARCHIVADO: it takes no more changes, comments or notes."""

    def __init__(self, current: str):
        self.current = current
        self.target = current
        DomainError.__init__(
            self,
            _("A ticket in status %(current)s is final: it takes no more changes or comments.")
            % {"current": current},
        )

    def in_words(self) -> str:
        return _(
            "A ticket in status %(current)s is final: it takes no more changes or comments."
        ) % {"current": _status_label(self.current)}


S = Status

# --- the status sets ------------------------------------------------------------------------

# Open: being worked or waiting (the queue's default, the SLA alerts, the recomputation).
OPEN_STATUSES = frozenset(
    {S.NUEVO, S.ASIGNADO, S.EN_PROCESO, S.PAUSADO, S.TRANSFERIDO, S.RECLASIFICADO}
)
# Solved or closed: ``resolved_at`` is set; the ticket may still be reopened.
SOLVED_STATUSES = frozenset({S.RESUELTO, S.CERRADO})
# Final: cancelled or archived take no more changes, comments or notes.
TERMINAL_STATUSES = frozenset({S.CANCELADO, S.ARCHIVADO})
# Every status but the open ones: the SLA clock has stopped for good there (a pause stops
# it for a while: ``sla_paused_at``).
CLOCK_STOPPED_STATUSES = SOLVED_STATUSES | TERMINAL_STATUSES
# Finished for the requester: their answer opens a new ticket that follows this one
# instead of reopening it (a RESUELTO one is reopened).
FINISHED_STATUSES = frozenset({S.CERRADO}) | TERMINAL_STATUSES
_WORKING = frozenset({S.ASIGNADO, S.EN_PROCESO, S.TRANSFERIDO, S.RECLASIFICADO})
_ANY_WORK = OPEN_STATUSES | SOLVED_STATUSES | TERMINAL_STATUSES

# The same sets for queries: sorted, so the SQL (and the partial indexes of
# ``Ticket.Meta``, which read ``OPEN_Q``) never changes with the order of a set.
OPEN_VALUES = sorted(OPEN_STATUSES)
OPEN_Q = Q(status__in=OPEN_VALUES)

# The queue's status groups (its first filter; "open" is the default view's).
STATUS_GROUPS = {
    "open": OPEN_VALUES,
    "solved": sorted(SOLVED_STATUSES),
    "stopped": sorted(TERMINAL_STATUSES),
}

# --- the transitions ------------------------------------------------------------------------

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


# --- the moves ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One operation of ``tickets.services`` on a ticket, as the workflow sees it."""

    name: str
    permission: str  # the role matrix's action for it (a ``tickets.access.Action``)
    target: str | None = None  # the status it produces (None: the ticket keeps its own)
    again: bool = False  # it may re-enter its own status (re-assign, transfer again)
    only_from: frozenset[str] | None = None  # the statuses it starts from (None: any)
    claims_new: bool = False  # keeps the status, but a NUEVO ticket becomes ASIGNADO

    def produces(self, current: str) -> str:
        """The status the ticket has after this move from ``current``."""
        if self.target is not None:
            return self.target
        if self.claims_new and current == S.NUEVO:
            return S.ASIGNADO
        return current

    def allowed_from(self, current: str) -> bool:
        """Whether the state machine lets this move run from ``current``."""
        if self.only_from is not None and current not in self.only_from:
            return False
        target = self.produces(current)
        try:
            check_transition(current, target, allow_same=self.again or self.target is None)
        except InvalidTransition:
            return False
        return True


# Every move, in the order a page lists them. Moves that keep the status still need a
# ticket that takes changes (not a terminal one).
MOVES: dict[str, Move] = {
    m.name: m
    for m in (
        Move("reply", "note"),  # the status it may set is the composer's choice
        Move("take", "take", claims_new=True),
        Move("merge", "merge", S.CANCELADO),
        Move("link", "link"),
        Move("unlink", "link"),
        Move("assign", "assign", S.ASIGNADO, again=True),
        Move("transfer", "transfer", S.TRANSFERIDO, again=True),
        Move("reclassify", "reclassify", S.RECLASIFICADO, again=True),
        Move("pause", "pause", S.PAUSADO),
        Move("reopen", "reopen", S.EN_PROCESO, only_from=REOPENABLE_STATUSES),
        Move("cancel", "cancel", S.CANCELADO),
        Move("archive", "archive", S.ARCHIVADO),
    )
}


def allowed_moves(ticket, actor=None, *, can: Callable | None = None) -> dict[str, str]:
    """``{move name: the status it produces}`` of the moves the state machine lets run on
    ``ticket`` now, in ``MOVES``' order (Oscar's ``available_statuses()``).

    With ``actor``: only the moves the role matrix lets ``actor`` make on ``ticket``,
    ``can(actor, move.permission, ticket)`` — the access rules' own function, passed in
    because they sit above the workflow (they read its status sets)."""
    if actor is not None and can is None:
        raise TypeError("allowed_moves(actor=...) needs the access rules' can")
    current = ticket.status
    return {
        move.name: move.produces(current)
        for move in MOVES.values()
        if move.allowed_from(current) and (actor is None or can(actor, move.permission, ticket))
    }


# --- the SLA clock --------------------------------------------------------------------------
# Where the clock stops: when solved, when cancelled/archived, when paused (it runs again on
# resume, the due date moved by the pause), else now. Once in Python, once for querysets;
# ``tests/unit/test_workflow_rules.py`` holds them to the same answers.


def closed_at(ticket) -> datetime | None:
    """When ``ticket`` stopped being open for good: solved (``resolved_at``), cancelled or
    archived (``status_updated_at``); ``None`` while open (paused included)."""
    if ticket.resolved_at is not None:
        return ticket.resolved_at
    if ticket.status in TERMINAL_STATUSES:
        return ticket.status_updated_at
    return None


def sla_clock_end(ticket, now: datetime | None = None) -> datetime:
    """Where ``ticket``'s SLA clock stopped, or ``now`` while it runs."""
    return closed_at(ticket) or ticket.sla_paused_at or now or timezone.now()


def closed_at_expression() -> Case:
    """``closed_at`` for querysets (NULL while open)."""
    return Case(
        When(resolved_at__isnull=False, then=F("resolved_at")),
        When(status__in=sorted(TERMINAL_STATUSES), then=F("status_updated_at")),
        default=None,
        output_field=DateTimeField(),
    )


def sla_clock_end_expression(now: datetime) -> Coalesce:
    """``sla_clock_end(ticket, now)`` for querysets."""
    return Coalesce(
        closed_at_expression(),
        F("sla_paused_at"),
        Value(now, output_field=DateTimeField()),
        output_field=DateTimeField(),
    )
