"""The rule book: who may do what to a ticket. Every way in asks ``can`` / ``ensure_can``
(or ``ticket_for``, which asks them); the services ask again under the row lock.

| action                                  | ADMIN | MESA | AREA (own area) | USUARIO / anonymous |
|-----------------------------------------|-------|------|-----------------|---------------------|
| CREATE, LOOKUP                          | yes   | yes  | yes             | yes                 |
| VIEW, UPDATE, COMMENT, NOTE             | yes   | yes  | own area        | —                   |
| PAUSE, RESUME, CANCEL, ARCHIVE          | yes   | yes  | own area        | —                   |
| TAG (add / remove a tag)                | yes   | yes  | own area        | —                   |
| TAKE (assign to me), MERGE, LINK        | yes   | yes  | own area        | —                   |
| ASSIGN, TRANSFER, RECLASSIFY, REOPEN    | yes   | yes  | —               | —                   |
| CREATE_FOR_OTHER (name another requester)| yes  | yes  | yes             | —                   |
| REQUESTER_REPLY / _CONFIRM / _REOPEN    | —     | —    | —               | own ticket only     |
| AUTOCLOSE                               | — (only ``SYSTEM``, the scheduled task)              |

Two questions make each answer: may the role do the action (``ROLE_ACTIONS``), and is the
ticket in the actor's sight (``visibility.sight``: "own area" above is that sight, not a
rule of its own). A USUARIO may also COMMENT (publicly) on a ticket they requested.

MERGE and LINK involve two tickets: the actor needs the action on both (the services ask
for each). RESUME is PAUSADO → EN_PROCESO (back to work after a pause: work, not a reopen).
REOPEN is taking a solved or closed ticket back to work, or a paused one back to NUEVO;
``reabrir`` is always REOPEN, whatever the status it starts from.

Requester actions (``REQUESTER_ACTIONS``) belong to the person who opened the ticket, and
to nobody else — an agent answers through COMMENT/UPDATE/REOPEN instead: a ``Requester``
(``tickets.access.requester``) whose e-mail is the ticket's, or a logged-in, active USUARIO
whose account e-mail is. A ``Requester`` whose proof names the ticket (label + e-mail, a
signed link) may also VIEW it (public entries and files only: ``sees_internal`` is false)
and COMMENT on it (add files) while it is open.
"""

import enum

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from tickets.access.requester import SYSTEM, Requester, is_active
from tickets.access.visibility import sight
from tickets.errors import NotAllowed
from tickets.models import Status, Ticket
from tickets.workflow import OPEN_STATUSES, REOPENABLE_STATUSES


class Action(enum.StrEnum):
    CREATE = "create"
    CREATE_FOR_OTHER = "create_for_other"  # open a ticket naming another user as requester
    LOOKUP = "lookup"
    VIEW = "view"
    UPDATE = "update"  # actualizar: status, priority, area, response
    COMMENT = "comment"  # public response
    NOTE = "note"  # internal note
    ASSIGN = "assign"
    TRANSFER = "transfer"
    RECLASSIFY = "reclassify"
    REOPEN = "reopen"
    PAUSE = "pause"
    RESUME = "resume"  # PAUSADO -> EN_PROCESO
    CANCEL = "cancel"
    ARCHIVE = "archive"
    TAKE = "take"  # assign to me
    MERGE = "merge"  # a duplicate into another ticket (asked on both)
    LINK = "link"  # mark two tickets as related, or unlink them (asked on both)
    # The requester's own answers (requester pages): a public reply, "yes, it is solved",
    # "no, it still fails".
    REQUESTER_REPLY = "requester_reply"
    REQUESTER_CONFIRM = "requester_confirm"
    REQUESTER_REOPEN = "requester_reopen"
    # Scheduled work only (``SYSTEM``): close a solved ticket nobody answered.
    AUTOCLOSE = "autoclose"
    # Agents' free-form tags (add / remove): whoever may work the ticket.
    TAG = "tag"


PUBLIC_ACTIONS = frozenset({Action.CREATE, Action.LOOKUP})
AREA_ACTIONS = frozenset(
    {
        Action.CREATE_FOR_OTHER,
        Action.VIEW,
        Action.UPDATE,
        Action.COMMENT,
        Action.NOTE,
        Action.PAUSE,
        Action.RESUME,
        Action.CANCEL,
        Action.ARCHIVE,
        Action.TAG,
        Action.TAKE,
        Action.MERGE,
        Action.LINK,
    }
)
REQUESTER_ACTIONS = frozenset(
    {Action.REQUESTER_REPLY, Action.REQUESTER_CONFIRM, Action.REQUESTER_REOPEN}
)
SYSTEM_ACTIONS = frozenset({Action.AUTOCLOSE})
DESK_ACTIONS = frozenset(Action) - PUBLIC_ACTIONS - REQUESTER_ACTIONS - SYSTEM_ACTIONS

# What each agent role may do, on the tickets in its sight (the table above, by column).
ROLE_ACTIONS = {Role.ADMIN: DESK_ACTIONS, Role.MESA: DESK_ACTIONS, Role.AREA: AREA_ACTIONS}

# What a plain update (Mesa ``actualizar``, the portal's update form) may be, beyond UPDATE.
PLAIN_UPDATES = frozenset({Action.UPDATE, Action.RESUME})

OTHER_AREA_MESSAGE = _("The ticket belongs to another area.")
ROLE_MESSAGE = _("Your role does not allow this action.")


def _requester_can(requester: Requester, action: Action, ticket: Ticket | None) -> bool:
    if ticket is None or not sight(requester).sees(ticket):
        return False
    if action in REQUESTER_ACTIONS:
        return True
    if requester.ticket_id is None:  # a proof of the e-mail alone answers; it does not read
        return False
    return action == Action.VIEW or (action == Action.COMMENT and ticket.status in OPEN_STATUSES)


def can(user, action: Action, ticket: Ticket | None = None) -> bool:
    """Whether ``user`` may do ``action`` (on ``ticket`` when given, else on some ticket)."""
    if action in PUBLIC_ACTIONS:
        return True
    if isinstance(user, Requester):
        return _requester_can(user, action, ticket)
    if action in REQUESTER_ACTIONS:
        # A USUARIO's sight is its own tickets; an agent's is a desk sight, never "own".
        seen = sight(user)
        return ticket is not None and not seen.desk and seen.sees(ticket)
    if action in SYSTEM_ACTIONS:
        return user is SYSTEM
    if not is_active(user):
        return False
    actions = ROLE_ACTIONS.get(user.role)
    if actions is not None:
        return action in actions and (ticket is None or sight(user).sees(ticket))
    if action == Action.COMMENT and ticket is not None:
        return ticket.requester_id is not None and ticket.requester_id == user.pk
    return False


def sees_internal(user, ticket) -> bool:
    """Whether ``user`` reads internal entries and files of ``ticket`` (agents who may
    view it); a requester, however proven, never does."""
    if not is_active(user) or not user.is_agent:
        return False
    return can(user, Action.VIEW, ticket)


def refusal_reason(user, action: Action, ticket: Ticket | None = None):
    """Why ``can`` said no, in words for the caller."""
    if (
        is_active(user)
        and action in ROLE_ACTIONS.get(user.role, ())
        and ticket is not None
        and not sight(user).sees(ticket)
    ):
        return OTHER_AREA_MESSAGE
    return ROLE_MESSAGE


def ensure_can(user, action: Action, ticket: Ticket | None = None) -> None:
    if not can(user, action, ticket):
        raise NotAllowed(refusal_reason(user, action, ticket))


def transition_action(current: str, target: str) -> Action:
    """What a move from ``current`` to ``target`` really is, whichever way in asks for it
    (Mesa ``actualizar``, Spacebring ``PUT …/status``, the portal's update form): taking a
    solved or closed ticket back to work is REOPEN, resuming a paused one (→ EN_PROCESO) is
    RESUME, pausing is PAUSE, and so on."""
    if target == current:
        return Action.UPDATE
    if current == Status.PAUSADO and target == Status.EN_PROCESO:
        return Action.RESUME
    if current in REOPENABLE_STATUSES and target in OPEN_STATUSES:
        return Action.REOPEN
    return {
        Status.PAUSADO: Action.PAUSE,
        Status.CANCELADO: Action.CANCEL,
        Status.ARCHIVADO: Action.ARCHIVE,
        Status.ASIGNADO: Action.ASSIGN,
        Status.TRANSFERIDO: Action.TRANSFER,
        Status.RECLASIFICADO: Action.RECLASSIFY,
    }.get(target, Action.UPDATE)
