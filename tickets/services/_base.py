"""Shared pieces of the services: locking, history records, validation of text."""

import threading
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from tickets import events
from tickets.access import SYSTEM, SYSTEM_ROLE, account_of
from tickets.errors import StaleVersion, ValidationFailed
from tickets.mentions import resolve_mentions
from tickets.models import Activity, ActivityType, PauseKind, Priority, Status, Ticket
from tickets.selectors.lookups import membership_of
from tickets.sla import clock
from tickets.workflow import SOLVED_STATUSES, TERMINAL_STATUSES, check_transition

MAX_TEXT = 5000
# The shortest public response an agent may send the requester (Mesa's ``respuesta``
# minimum), on every way in: portal, both APIs, macros, bulk work.
PUBLIC_RESPONSE_MIN = 5


_expected_version: ContextVar[datetime | None] = ContextVar("expected_version", default=None)


def version_of(ticket: Ticket) -> str:
    """A ticket's version: the time of its last change (every service write sets it)."""
    return ticket.updated_at.isoformat()


@contextmanager
def expecting_version(version: str | None):
    """Within this block, a service refuses (``StaleVersion``) to change a ticket whose
    version is not ``version`` — checked under the row lock, so no write slips between."""
    seen = None
    if version:
        try:
            seen = datetime.fromisoformat(version)
        except ValueError:
            raise ValidationFailed.for_field("seen", _("Invalid ticket version.")) from None
    token = _expected_version.set(seen)
    try:
        yield
    finally:
        _expected_version.reset(token)


def lock(ticket: Ticket | str, *, check_version: bool = True) -> Ticket:
    """Lock the ticket's row, then load it with its joins.

    The lock is taken by a query without joins: PostgreSQL re-checks a row updated while
    it waited for the lock, and a ``FOR UPDATE OF`` over joined tables can then drop the
    row (``DoesNotExist``). The load after the lock sees the committed values.
    """
    pk = ticket.pk if isinstance(ticket, Ticket) else ticket
    locked = list(Ticket.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True))
    if not locked:
        raise Ticket.DoesNotExist("Ticket matching query does not exist.")
    ticket = Ticket.objects.select_related("priority", "area", "location").get(pk=locked[0])
    clock.remember(ticket)  # what the SLA clock compares the change with (save_ticket)
    seen = _expected_version.get() if check_version else None
    if seen is not None and ticket.updated_at != seen:
        raise StaleVersion(seen)
    return ticket


def lock_or_none(pk) -> Ticket | None:
    """``lock`` for a lookup (``access.ticket_for(fetch=...)``): ``None`` when no
    ticket has that id."""
    try:
        return lock(pk)
    except Ticket.DoesNotExist:
        return None


def _actor_snapshot(actor, ticket: Ticket) -> dict:
    if actor is SYSTEM:
        return {"id": None, "nombre": "", "email": None, "rol": SYSTEM_ROLE}
    user = account_of(actor)
    if user is not None:
        return user.snapshot()
    return {"id": None, "nombre": ticket.requester_name, "email": None, "rol": "ANONIMO"}


_sequence_lock = threading.Lock()
_last_micros = 0


def _ordered_id() -> uuid.UUID:
    """An id that sorts in the order the entries were written by this process: microseconds
    since the epoch (never the same twice), then random bits. History reads order by
    ``(created_at, id)``: the entries one operation writes at one instant keep their order
    without inventing instants."""
    global _last_micros
    with _sequence_lock:
        _last_micros = max(time.time_ns() // 1000, _last_micros + 1)
        micros = _last_micros
    return uuid.UUID(int=(micros << 64) | uuid.uuid4().int & ((1 << 64) - 1))


def record(
    ticket: Ticket,
    actor,
    type_: str,
    data: dict,
    *,
    public: bool,
    now,
    snapshot: dict | None = None,
) -> Activity:
    """Write one history entry and announce it (``tickets.events``). ``actor``: a user, a
    ``Requester``, ``SYSTEM`` (the scheduled tasks) or ``None`` (an anonymous requester
    opening a ticket); ``snapshot`` names the actor of other system work, e.g. SLA alerts."""
    real_actor = account_of(actor)
    activity = Activity.objects.create(
        id=_ordered_id(),
        ticket=ticket,
        type=type_,
        actor=real_actor,
        actor_snapshot=snapshot if snapshot is not None else _actor_snapshot(actor, ticket),
        actor_membership=membership_of(real_actor, ticket.location_id),
        data=data,
        public=public,
        created_at=now,
    )
    events.emit(
        events.TicketEvent(
            kind=type_,
            ticket_id=str(ticket.pk),
            activity_id=activity.pk,
            actor_id=str(real_actor.pk) if real_actor is not None else None,
            public=public,
            data=data,
        )
    )
    return activity


def set_status(ticket: Ticket, target: str, now, pause_kind: str | None = None) -> None:
    """``pause_kind``: what a move to PAUSADO waits for (a third party when not said; a
    ticket already paused keeps its kind unless one is given). Leaving PAUSADO clears it."""
    if target != Status.PAUSADO:
        ticket.pause_kind = None
    elif pause_kind or not ticket.pause_kind:
        ticket.pause_kind = parse_pause_kind(pause_kind)
    if ticket.status == target:
        return
    ticket.status = target
    ticket.status_updated_at = now
    if target in SOLVED_STATUSES:
        ticket.resolved_at = ticket.resolved_at or now
    elif target not in TERMINAL_STATUSES:
        ticket.resolved_at = None


def parse_pause_kind(value, field: str = "pause_kind") -> str:
    """A ``PauseKind`` value; empty or ``None``: a third party (the pause an agent ends)."""
    if value in (None, ""):
        return PauseKind.THIRD_PARTY.value
    if value not in PauseKind.values:
        raise ValidationFailed.for_field(
            field, _("%(value)s is not a valid choice.") % {"value": value}
        )
    return value


def set_priority(ticket: Ticket, priority: Priority) -> None:
    """The due dates follow when the ticket is saved (``save_ticket``: ``sla.clock``)."""
    ticket.priority = priority


def changes(ticket: Ticket, before: dict) -> tuple[dict, dict]:
    """(new values, previous values) of the attributes that differ from ``before``."""
    after = attrs(ticket)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    return changed, {k: before[k] for k in changed}


def attrs(ticket: Ticket) -> dict:
    return {
        "status": ticket.status,
        "priority": ticket.priority.name,
        "area": ticket.area.code,
        "categoria": ticket.categoria,
        "assignee": str(ticket.assignee_id) if ticket.assignee_id else None,
        "membershipAssignee": (
            str(ticket.assignee_membership_id) if ticket.assignee_membership_id else None
        ),
        "pauseKind": ticket.pause_kind or None,
    }


def claim_for_area_agent(ticket: Ticket, actor) -> None:
    """An AREA agent who changes the status of an unassigned ticket of its own area becomes
    its assignee (the caller's history entry records it: ``attrs`` holds the assignee)."""
    if (
        getattr(actor, "is_authenticated", False)
        and getattr(actor, "role", None) == Role.AREA
        and ticket.assignee_id is None
        and ticket.area_id == actor.area_id
    ):
        ticket.assignee = actor
        ticket.assignee_membership = membership_of(actor, ticket.location_id)


def save_ticket(ticket: Ticket, now: datetime) -> datetime:
    """Save the locked ``ticket`` as changed at ``now``; returns the instant of this write,
    which its history entry takes. One operation writes all its entries at its one instant
    ``now``: a further write of the same operation on the same ticket is placed just after
    the previous one (the next microsecond), so the history reads them in the order written,
    the ticket's version is its last entry's, and mail sends a change and the response
    written with it as one message (``mail.rules.TOGETHER``)."""
    last = getattr(ticket, "_written_at", None)
    at = now if last is None or now > last else last + timedelta(microseconds=1)
    ticket._written_at = at
    clock.before_save(ticket, at)  # pauses, resumes, new targets, solved: the SLA columns
    ticket.updated_at = at
    ticket.save()
    return at


def clean_text(value: str | None, field: str, *, required: bool, min_length: int = 1) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationFailed.for_field(field, _("Must be text."))
    text = (value or "").strip()
    if not text:
        if required:
            raise ValidationFailed.for_field(field, _("This field is required."))
        return ""
    if len(text) < min_length:
        raise ValidationFailed.for_field(
            field, _("Ensure this field has at least %(n)d characters.") % {"n": min_length}
        )
    if len(text) > MAX_TEXT:
        raise ValidationFailed.for_field(
            field, _("Ensure this field has no more than %(n)d characters.") % {"n": MAX_TEXT}
        )
    return text


def clean_response(value: str | None, field: str, *, actor, public: bool, required: bool) -> str:
    """``clean_text`` for a comment: a public response from an agent needs at least
    ``PUBLIC_RESPONSE_MIN`` characters (a requester's own answer, "ok", does not)."""
    user = account_of(actor)
    agent = public and user is not None and user.is_agent
    return clean_text(
        value, field, required=required, min_length=PUBLIC_RESPONSE_MIN if agent else 1
    )


def run_operation(
    *,
    actor: User,
    ticket: Ticket,
    type_: str,
    public: bool,
    mutate,
    reason: str = "",
    allow_same: bool = True,
    target: str | None = None,
    extra: dict | None = None,
) -> Activity:
    """On ``ticket``, locked and checked by the caller: check the transition, apply
    ``mutate``, write one activity."""
    locked = ticket
    if target is not None:
        check_transition(locked.status, target, allow_same=allow_same)
    now = timezone.now()
    before = attrs(locked)
    mutate(locked, now)
    if target is not None:
        set_status(locked, target, now)
    changed, previous = changes(locked, before)
    data = {**changed, **(extra or {})}
    if previous:
        data["previousAttributes"] = previous
    if reason:
        data["reason"] = reason
    at = save_ticket(locked, now)
    return record(locked, actor, type_, data, public=public, now=at)


def back_to_work(actor, ticket: Ticket, now, **extra) -> Activity:
    """A requester's answer takes a solved or paused ticket to EN_PROCESO (the SLA clock
    runs again): the public status change, recorded as theirs (``extra`` in its data)."""
    check_transition(ticket.status, Status.EN_PROCESO)
    before = attrs(ticket)
    set_status(ticket, Status.EN_PROCESO, now)
    changed, previous = changes(ticket, before)
    at = save_ticket(ticket, now)
    data = {**changed, "previousAttributes": previous, **extra}
    return record(ticket, actor, ActivityType.STATUS_UPDATED, data, public=True, now=at)


def waits_for_requester(ticket: Ticket) -> bool:
    return ticket.status == Status.PAUSADO and ticket.pause_kind == PauseKind.REQUESTER


def requester_answered(actor, ticket: Ticket, now) -> bool:
    """The requester answered ``ticket`` (locked) by any way in: a pause that waits for them
    ends (``back_to_work``, ``resumedByRequester`` in the history). Whether it did: the
    caller writes the answer itself after it, so the history reads change first."""
    if not waits_for_requester(ticket):
        return False
    back_to_work(actor, ticket, now, resumedByRequester=True)
    return True


def write_comment(
    *, actor, ticket: Ticket, text: str, public: bool, now, agent_reply: bool = False
) -> Activity:
    """``agent_reply``: an agent's public response, which meets the first-response SLA."""
    if agent_reply and public and getattr(actor, "is_agent", False):
        clock.first_response(ticket, now)
    data: dict = {"text": text}
    mentions = resolve_mentions(text, ticket, public=public)
    if mentions:
        data["mentions"] = mentions
    at = save_ticket(ticket, now)
    return record(ticket, actor, ActivityType.COMMENT, data, public=public, now=at)
