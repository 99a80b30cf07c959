"""The role matrix of DESIGN.md, in one place. Every way in asks ``can`` / ``get_ticket_for``.

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

A requester may also COMMENT (publicly) on a ticket they requested.

Saved queue views (``SavedView``, end of this module): an agent uses its own views, the
ones shared with everyone and the ones shared with its area (ADMIN/MESA: every area's);
only the owner renames or deletes one (ADMIN too). Sharing with everyone is ADMIN/MESA's;
an AREA agent shares only with its own area. A view never widens the list: whoever uses
it still gets ``visible_tickets``.
MERGE and LINK involve two tickets: the actor needs the action on both (the services ask
for each). Macros (``can_manage_macro``, ``usable_macros_q``): MESA/ADMIN manage and use
every macro; an AREA agent manages and uses its own area's macros and uses the shared ones
(no area scope); nobody else sees any.

RESUME is PAUSADO → EN_PROCESO (back to work after a pause: work, not a reopen). REOPEN is
taking a solved or closed ticket back to work, or a paused one back to NUEVO; ``reabrir``
is always REOPEN, whatever the status it starts from.

A requester without an account proves who they are with the ticket's label and their
e-mail (the lookup page) or with a signed link made from that proof: a ``RequesterPass``.
It may VIEW that one ticket (public entries and files only: ``sees_internal`` is false) and
COMMENT on it (add files) while it is open.

Requester actions (``REQUESTER_ACTIONS``) belong to the person who opened the ticket, and
to nobody else — an agent answers through COMMENT/UPDATE/REOPEN instead. "Own ticket" is
proven to the server, not assumed by a view:

- a ``RequesterAccess`` principal (``requester_access(email=...)``): the requester pages
  build one after a label + e-mail match or a valid signed link; ``can`` grants it the
  requester actions only on a ticket whose requester e-mail is that e-mail;
- a logged-in, active USUARIO whose account e-mail is the ticket's requester e-mail.

``RequesterAccess`` is never authenticated: every agent action refuses it.
"""

import enum
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from tickets.errors import NotAllowed, NotFound
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

# What a plain update (Mesa ``actualizar``, the portal's update form) may be, beyond UPDATE.
PLAIN_UPDATES = frozenset({Action.UPDATE, Action.RESUME})

OTHER_AREA_MESSAGE = _("The ticket belongs to another area.")
ROLE_MESSAGE = _("Your role does not allow this action.")


@dataclass(frozen=True)
class RequesterAccess:
    """Someone who proved they hold a requester e-mail (label + e-mail, or a signed link).

    ``user`` is the logged-in USUARIO when their account e-mail is that e-mail (history then
    names the account), else ``None`` (history names the ticket's requester). Not an
    authenticated user: it can do nothing but the requester actions on that e-mail's tickets.
    """

    email: str
    user: object | None = None
    is_authenticated = False
    is_active = False

    def owns(self, ticket: Ticket) -> bool:
        return bool(self.email) and self.email == (ticket.requester_email or "").lower()


class _System:
    """The scheduled tasks (auto-close) as an actor: no account, no role in the matrix."""

    is_authenticated = False
    is_active = False
    role = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()
SYSTEM_ROLE = "SISTEMA"  # how history snapshots name it


def requester_access(*, email: str, user=None) -> RequesterAccess:
    """The principal for someone who proved ``email``; ``user`` is kept only when it is an
    active USUARIO with that very e-mail (an agent following a requester link stays a
    requester there, never acts as an agent)."""
    email = (email or "").strip().lower()
    keep = _is_active(user) and user.role == Role.USUARIO and (user.email or "").lower() == email
    return RequesterAccess(email=email, user=user if keep else None)


@dataclass(frozen=True)
class RequesterPass:
    """The requester of ``ticket_id`` proven by label + ``email``; not a user."""

    ticket_id: uuid.UUID
    email: str
    is_authenticated = False
    is_active = False
    is_agent = False
    role = None
    pk = None

    def matches(self, ticket) -> bool:
        return (
            ticket is not None
            and str(ticket.pk) == str(self.ticket_id)
            and bool(self.email)
            and ticket.requester_email.lower() == self.email.strip().lower()
        )


def _requester_pass_can(grant: RequesterPass, action, ticket) -> bool:
    if action in PUBLIC_ACTIONS:
        return True
    if not grant.matches(ticket):
        return False
    if action == Action.VIEW:
        return True
    return action == Action.COMMENT and ticket.status in OPEN_STATUSES


def sees_internal(user, ticket) -> bool:
    """Whether ``user`` reads internal entries and files of ``ticket`` (agents who may
    view it); a requester, however proven, never does."""
    if isinstance(user, RequesterPass) or not _is_active(user) or not user.is_agent:
        return False
    return can(user, Action.VIEW, ticket)


def _is_active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _requester_may(user, action: Action, ticket: Ticket | None) -> bool:
    if ticket is None:
        return False
    if isinstance(user, RequesterAccess):
        return user.owns(ticket)
    return (
        _is_active(user)
        and user.role == Role.USUARIO
        and requester_access(email=user.email, user=user).owns(ticket)
    )


def can(user, action: Action, ticket: Ticket | None = None) -> bool:
    """Whether ``user`` may do ``action`` (on ``ticket`` when given, else on some ticket)."""
    if isinstance(user, RequesterPass):
        return _requester_pass_can(user, action, ticket)
    if action in PUBLIC_ACTIONS:
        return True
    if action in REQUESTER_ACTIONS:
        return _requester_may(user, action, ticket)
    if action in SYSTEM_ACTIONS:
        return user is SYSTEM
    if not _is_active(user):
        return False
    if user.role in (Role.ADMIN, Role.MESA):
        return action in DESK_ACTIONS
    if user.role == Role.AREA:
        if action not in AREA_ACTIONS:
            return False
        return ticket is None or ticket.area_id == user.area_id
    if action == Action.COMMENT and ticket is not None:
        return ticket.requester_id is not None and ticket.requester_id == user.pk
    return False


def _is_desk(user) -> bool:
    return _is_active(user) and user.role in (Role.ADMIN, Role.MESA)


def can_manage_macro(user, area_scope_id=None) -> bool:
    """Whether ``user`` may create, change or delete a macro scoped to ``area_scope_id``
    (``None``: shared by every agent)."""
    if _is_desk(user):
        return True
    return (
        _is_active(user)
        and user.role == Role.AREA
        and area_scope_id is not None
        and area_scope_id == user.area_id
    )


def usable_macros_q(user) -> Q | None:
    """The macros ``user`` may use, as a condition (``None``: none at all)."""
    if _is_desk(user):
        return Q()
    if _is_active(user) and user.role == Role.AREA:
        return Q(area_scope__isnull=True) | Q(area_scope_id=user.area_id)
    return None


def managed_macros_q(user) -> Q | None:
    """The macros ``user`` may change (``can_manage_macro`` as a condition)."""
    if _is_desk(user):
        return Q()
    if _is_active(user) and user.role == Role.AREA:
        return Q(area_scope_id=user.area_id)
    return None


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


def refusal_reason(user, action: Action, ticket: Ticket | None = None):
    """Why ``can`` said no, in words for the caller."""
    if (
        _is_active(user)
        and user.role == Role.AREA
        and action in AREA_ACTIONS
        and ticket is not None
        and ticket.area_id != user.area_id
    ):
        return OTHER_AREA_MESSAGE
    return ROLE_MESSAGE


def ensure_can(user, action: Action, ticket: Ticket | None = None) -> None:
    if not can(user, action, ticket):
        raise NotAllowed(refusal_reason(user, action, ticket))


def requester_tickets(user, queryset: QuerySet[Ticket] | None = None) -> QuerySet[Ticket]:
    """ "My tickets": the tickets whose requester e-mail is the logged-in USUARIO's account
    e-mail (nothing for anyone else, agents included)."""
    qs = Ticket.objects.all() if queryset is None else queryset
    if not _is_active(user) or user.role != Role.USUARIO or not user.email:
        return qs.none()
    return qs.filter(requester_email=user.email.lower())


def visible_tickets(user, queryset: QuerySet[Ticket] | None = None) -> QuerySet[Ticket]:
    """The tickets ``user`` may list or open: all for ADMIN/MESA, own area for AREA."""
    qs = Ticket.objects.all() if queryset is None else queryset
    condition = visible_ticket_q(user)
    return qs.none() if condition is None else qs.filter(condition)


def visible_ticket_q(user, via: str = "") -> Q | None:
    """``visible_tickets`` as a condition on rows that point at a ticket through ``via``
    (e.g. ``"ticket__"`` for notifications); ``None`` when the user may see no ticket."""
    if not _is_active(user):
        return None
    if user.role in (Role.ADMIN, Role.MESA):
        return Q()
    if user.role == Role.AREA:
        return Q(**{f"{via}area_id": user.area_id})
    return None


def agents_who_can_see(ticket: Ticket):
    """Active agents for whom ``can(agent, VIEW, ticket)`` holds (the matrix read the other
    way round: ADMIN and MESA, and the AREA agents of the ticket's area)."""
    from accounts.models import User

    return User.objects.filter(is_active=True).filter(
        Q(role__in=[Role.ADMIN, Role.MESA]) | Q(role=Role.AREA, area_id=ticket.area_id)
    )


def visible_areas_q(user, field: str = "area_id") -> Q:
    """``visible_tickets`` for rows keyed by area (counters, rollups): the same rule."""
    if not _is_active(user):
        return Q(pk__in=[])
    if user.role in (Role.ADMIN, Role.MESA):
        return Q()
    if user.role == Role.AREA:
        return Q(**{field: user.area_id})
    return Q(pk__in=[])


def visibility_scope(user) -> str:
    """A key naming the set ``visible_tickets`` returns: users with one scope see the same
    tickets (for caching what is computed over them)."""
    if not _is_active(user):
        return "none"
    if user.role in (Role.ADMIN, Role.MESA):
        return "all"
    if user.role == Role.AREA:
        return f"area:{user.area_id}"
    return "none"


def get_ticket_for(
    user,
    ticket_id,
    action: Action = Action.VIEW,
    *,
    queryset: QuerySet[Ticket] | None = None,
    fetch: Callable[[uuid.UUID], Ticket | None] | None = None,
) -> Ticket:
    """Return the ticket if ``user`` may do ``action`` on it.

    Raises ``NotFound`` for an unknown (or malformed) id or one outside ``queryset``
    (e.g. another network), ``NotAllowed`` when the role or the area forbids it.
    ``fetch(pk)`` instead of ``queryset``: the caller's own lookup of that one ticket (a
    precompiled query, ``tickets.selectors.api``), ``None`` when it finds none.
    """
    try:
        pk = ticket_id if isinstance(ticket_id, uuid.UUID) else uuid.UUID(str(ticket_id))
    except (TypeError, ValueError, AttributeError):
        raise NotFound() from None
    if fetch is not None:
        ticket = fetch(pk)
    else:
        qs = Ticket.objects.all() if queryset is None else queryset
        # No ORDER BY for one row by key: ordering a wide select costs compile time per
        # column.
        ticket = next(iter(qs.filter(pk=pk).order_by()[:1]), None)
    if ticket is None:
        raise NotFound()
    if not can(user, Action.VIEW, ticket) and not can(user, action, ticket):
        raise NotAllowed(refusal_reason(user, Action.VIEW, ticket))
    ensure_can(user, action, ticket)
    return ticket


# Saved queue views ------------------------------------------------------------------------


def saved_views_q(user) -> Q | None:
    """The saved views ``user`` may use (``None``: none): own, shared with everyone, shared
    with an area whose tickets the user sees."""
    if not _is_active(user) or not user.is_agent:
        return None
    shared_area = Q(visibility="area")
    if user.role == Role.AREA:
        shared_area &= Q(area_id=user.area_id)
    return Q(owner_id=user.pk) | Q(visibility="everyone") | shared_area


def may_share_view(user, visibility: str, area_id) -> bool:
    """Whether ``user`` may give a view of its own this visibility (and area)."""
    if not _is_active(user) or not user.is_agent:
        return False
    if visibility == "private":
        return True
    desk = user.role in (Role.ADMIN, Role.MESA)
    if visibility == "everyone":
        return desk
    if visibility == "area":
        return area_id is not None and (desk or area_id == user.area_id)
    return False


def may_change_view(user, view) -> bool:
    """Rename, re-share or delete: the owner (while an agent), or an ADMIN."""
    if not _is_active(user) or not user.is_agent:
        return False
    return view.owner_id == user.pk or user.role == Role.ADMIN


def get_saved_view_for(user, view_id, *, change: bool = False):
    """The saved view ``view_id`` if ``user`` may use it (``change``: rename / delete it).
    One it may not use is ``NotFound``, like an unknown id; one it may use but not change
    is ``NotAllowed``."""
    from tickets.models import SavedView

    condition = saved_views_q(user)
    try:
        pk = int(view_id)
    except (TypeError, ValueError):
        raise NotFound(_("View not found.")) from None
    view = None if condition is None else SavedView.objects.filter(condition, pk=pk).first()
    if view is None:
        raise NotFound(_("View not found."))
    if change and not may_change_view(user, view):
        raise NotAllowed(_("Only its owner may change this view."))
    return view
