"""The requester's answers from the requester pages: reply, "yes, it is solved", "no, it
still fails", and the scheduled auto-close of solved tickets nobody answered.

``actor`` is a ``permissions.RequesterAccess`` (or a logged-in USUARIO): ``ensure_can``
grants the requester actions only on a ticket whose requester e-mail is theirs. A reply is
the same ``comment`` history entry (and ticket event) as a comment from the API.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.errors import InvalidTransition, NotAllowed, ValidationFailed
from tickets.models import Activity, ActivityType, Status, Ticket
from tickets.permissions import Action, RequesterAccess, ensure_can
from tickets.services._base import (
    attrs,
    back_to_work,
    changes,
    clean_text,
    lock,
    record,
    requester_answered,
    save_ticket,
    set_status,
    write_comment,
)
from tickets.services.create import ticket_create
from tickets.workflow import TERMINAL_STATUSES

MAX_REASON = 1000
# A reply on one of these opens a new ticket that links the old one.
FINISHED_STATUSES = frozenset({Status.CERRADO, Status.CANCELADO, Status.ARCHIVADO})


@dataclass(frozen=True)
class ReplyResult:
    """What a reply did: ``ticket`` is where it landed (``follow_up`` when it opened a new
    ticket because the answered one was closed), ``reopened`` when it took a solved ticket
    back to work."""

    ticket: Ticket
    comment: Activity | None
    reopened: bool = False
    follow_up: bool = False
    resumed: bool = False  # it ended a pause that waited for the requester


def _reopen(*, actor, ticket: Ticket, text: str, now) -> Activity:
    """RESUELTO → EN_PROCESO (the SLA clock runs again) and the requester's words as a
    public comment, one microsecond later so the history reads change first."""
    back_to_work(actor, ticket, now)
    later = now + timedelta(microseconds=1)
    return write_comment(actor=actor, ticket=ticket, text=text, public=True, now=later)


def _answer(*, actor, ticket: Ticket, text: str, now) -> ReplyResult:
    """The requester's words on an open ticket: a public comment; a pause that waits for
    them ends first (``requester_answered``)."""
    resumed = requester_answered(actor, ticket, now)
    later = now + timedelta(microseconds=1) if resumed else now
    comment = write_comment(actor=actor, ticket=ticket, text=text, public=True, now=later)
    return ReplyResult(ticket=ticket, comment=comment, resumed=resumed)


@transaction.atomic
def ticket_requester_reply(*, actor, ticket: Ticket, text: str) -> ReplyResult:
    """A public reply from the requester.

    Open ticket: a comment. Solved (RESUELTO): the comment reopens it (EN_PROCESO). Paused
    to wait for the requester (``PauseKind.REQUESTER``): the comment resumes it
    (EN_PROCESO, ``resumedByRequester`` in the history entry); a pause that waits for a
    third party stays. Closed, cancelled or archived: a new ticket, same requester and
    area, that links the old one (``follows``); the reply is its description.
    """
    text = clean_text(text, "text", required=True)
    locked = lock(ticket)
    ensure_can(actor, Action.REQUESTER_REPLY, locked)
    now = timezone.now()
    if locked.status in FINISHED_STATUSES:
        user = actor.user if isinstance(actor, RequesterAccess) else actor
        new = ticket_create(
            actor=user,
            requester=user if user is not None and user.pk == locked.requester_id else None,
            description=text,
            priority=locked.priority,
            area=locked.area,
            location=locked.location,
            subject=locked.subject,
            tipo=locked.tipo,
            categoria=locked.categoria,
            subcategoria=locked.subcategoria,
            type=locked.type,
            requester_name=locked.requester_name,
            requester_email=locked.requester_email,
            requester_phone=locked.requester_phone,
            requester_document=locked.requester_document,
            requester_company=locked.requester_company,
            requester_whatsapp=locked.requester_whatsapp,
            follows=locked,
        )
        return ReplyResult(ticket=new, comment=None, follow_up=True)
    if locked.status == Status.RESUELTO:
        comment = _reopen(actor=actor, ticket=locked, text=text, now=now)
        return ReplyResult(ticket=locked, comment=comment, reopened=True)
    return _answer(actor=actor, ticket=locked, text=text, now=now)


def _require_solved(ticket: Ticket, target: str) -> None:
    if ticket.status != Status.RESUELTO:
        raise InvalidTransition(ticket.status, target)


@transaction.atomic
def ticket_requester_confirm(*, actor, ticket: Ticket) -> Activity:
    """ "Yes, it is solved": RESUELTO → CERRADO, recorded as the requester's."""
    locked = lock(ticket)
    ensure_can(actor, Action.REQUESTER_CONFIRM, locked)
    _require_solved(locked, Status.CERRADO)
    now = timezone.now()
    before = attrs(locked)
    set_status(locked, Status.CERRADO, now)
    changed, previous = changes(locked, before)
    save_ticket(locked, now)
    return record(
        locked,
        actor,
        ActivityType.STATUS_UPDATED,
        {**changed, "previousAttributes": previous, "confirmedByRequester": True},
        public=True,
        now=now,
    )


@transaction.atomic
def ticket_requester_reopen(*, actor, ticket: Ticket, reason: str) -> Activity:
    """ "No, it still fails": RESUELTO → EN_PROCESO with the requester's short reason as a
    public comment (requesters read their own words; reasons of agents stay internal)."""
    reason = clean_text(reason, "reason", required=True, min_length=3)
    if len(reason) > MAX_REASON:
        raise ValidationFailed.for_field(
            "reason",
            _("Ensure this field has no more than %(n)d characters.") % {"n": MAX_REASON},
        )
    locked = lock(ticket)
    ensure_can(actor, Action.REQUESTER_REOPEN, locked)
    _require_solved(locked, Status.EN_PROCESO)
    return _reopen(actor=actor, ticket=locked, text=reason, now=timezone.now())


@transaction.atomic
def ticket_autoclose(*, actor, ticket: Ticket | str, solved_before) -> Activity | None:
    """Close a ticket still solved since before ``solved_before`` (RESUELTO → CERRADO), as
    ``SYSTEM``. Re-checked under the row lock: a ticket reopened (or solved again) since it
    was picked is left alone and ``None`` returned."""
    locked = lock(ticket)
    ensure_can(actor, Action.AUTOCLOSE, locked)
    if locked.status != Status.RESUELTO or locked.status_updated_at > solved_before:
        return None
    now = timezone.now()
    before = attrs(locked)
    set_status(locked, Status.CERRADO, now)
    changed, previous = changes(locked, before)
    save_ticket(locked, now)
    return record(
        locked,
        actor,
        ActivityType.STATUS_UPDATED,
        {
            **changed,
            "previousAttributes": previous,
            "autoClosed": True,
            "reason": str(_("Solved with no answer from the requester.")),
        },
        public=True,
        now=now,
    )


# E-mail replies (mail.inbound): the requester is whoever writes from the ticket's address.
NOT_REQUESTER_MESSAGE = _("Only the ticket's requester may answer it this way.")


@transaction.atomic
def ticket_requester_comment(*, ticket: Ticket | str, email: str, text: str) -> Activity:
    """A public comment from the ticket's requester, who is whoever writes from the ticket's
    requester e-mail address. The requester's account is the actor when the ticket has one
    (and it is active); otherwise the entry is the anonymous requester's.

    A cancelled or archived ticket takes no answer (``InvalidTransition``): the caller opens
    a new ticket that follows it (``ticket_create(follows=...)``).
    """
    locked = lock(ticket)
    address = (email or "").strip().lower()
    if not address or address != (locked.requester_email or "").strip().lower():
        raise NotAllowed(NOT_REQUESTER_MESSAGE)
    if locked.status in TERMINAL_STATUSES:
        raise InvalidTransition(locked.status, locked.status)
    text = clean_text(text, "text", required=True)
    requester = locked.requester
    actor = (
        requester
        if requester is not None and requester.is_active and requester.email.lower() == address
        else None
    )
    return _answer(actor=actor, ticket=locked, text=text, now=timezone.now()).comment
