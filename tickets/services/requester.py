"""The requester's answers from the requester pages: reply, "yes, it is solved", "no, it
still fails", and the scheduled auto-close of solved tickets nobody answered.

``actor`` is a ``tickets.access.Requester`` (or a logged-in USUARIO): ``ensure_can``
grants the requester actions only on a ticket whose requester e-mail is theirs. A reply is
the same ``comment`` history entry (and ticket event) as a comment from the API.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.access import Action, Actor, account_of, ensure_can
from tickets.errors import InvalidTransition, ValidationFailed
from tickets.models import Activity, ActivityType, Status, Ticket
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
from tickets.services.attachments import (
    as_list,
    files_removed_on_rollback,
    store_files,
)
from tickets.services.create import create
from tickets.workflow import FINISHED_STATUSES

MAX_REASON = 1000


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
    public comment, written after it (the history reads change first)."""
    back_to_work(actor, ticket, now)
    return write_comment(actor=actor, ticket=ticket, text=text, public=True, now=now)


def _answer(*, actor, ticket: Ticket, text: str, now) -> ReplyResult:
    """The requester's words on an open ticket: a public comment; a pause that waits for
    them ends first (``requester_answered``)."""
    resumed = requester_answered(actor, ticket, now)
    comment = write_comment(actor=actor, ticket=ticket, text=text, public=True, now=now)
    return ReplyResult(ticket=ticket, comment=comment, resumed=resumed)


@files_removed_on_rollback(durable=False)  # held by an inbound e-mail's row (mail.inbound)
def ticket_requester_reply(
    *, actor: Actor, ticket: Ticket | str, text: str, uploads: Sequence | None = None
) -> ReplyResult:
    """A public reply from the requester (the requester pages and e-mail), with the files
    that came with it (``uploads``; then the text may be empty).

    Open ticket: a comment. Solved (RESUELTO): the comment reopens it (EN_PROCESO). Paused
    to wait for the requester (``PauseKind.REQUESTER``): the comment resumes it
    (EN_PROCESO, ``resumedByRequester`` in the history entry); a pause that waits for a
    third party stays. Closed, cancelled or archived: a new ticket, same requester and
    area, that links the old one (``follows``); the reply is its description.
    """
    uploads = as_list(uploads)
    text = clean_text(text, "text", required=not uploads)
    locked = lock(ticket)
    ensure_can(actor, Action.REQUESTER_REPLY, locked)
    user = account_of(actor)
    if locked.status in FINISHED_STATUSES:
        new = _follow_up(user=user, old=locked, text=text, uploads=uploads)
        return ReplyResult(ticket=new, comment=None, follow_up=True)
    now = timezone.now()
    reopened = locked.status == Status.RESUELTO
    if reopened:
        comment = _reopen(actor=actor, ticket=locked, text=text, now=now)
        result = ReplyResult(ticket=locked, comment=comment, reopened=True)
    else:
        result = _answer(actor=actor, ticket=locked, text=text, now=now)
    store_files(actor=user, ticket=locked, activity=result.comment, uploads=uploads)
    return result


def _follow_up(*, user, old: Ticket, text: str, uploads: list) -> Ticket:
    """The new ticket a reply to a finished one opens: same requester and area, linked."""
    return create(
        actor=user,
        requester=user if user is not None and user.pk == old.requester_id else None,
        description=text or ", ".join(getattr(u, "name", "") for u in uploads),
        priority=old.priority,
        area=old.area,
        location=old.location,
        subject=old.subject,
        tipo=old.tipo,
        categoria=old.categoria,
        subcategoria=old.subcategoria,
        type=old.type,
        requester_name=old.requester_name,
        requester_email=old.requester_email,
        requester_phone=old.requester_phone,
        requester_document=old.requester_document,
        requester_company=old.requester_company,
        requester_whatsapp=old.requester_whatsapp,
        follows=old,
        uploads=uploads,
    )


def _require_solved(ticket: Ticket, target: str) -> None:
    if ticket.status != Status.RESUELTO:
        raise InvalidTransition(ticket.status, target)


@transaction.atomic(durable=True)
def ticket_requester_confirm(*, actor: Actor, ticket: Ticket | str) -> Activity:
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


@transaction.atomic(durable=True)
def ticket_requester_reopen(*, actor: Actor, ticket: Ticket | str, reason: str) -> Activity:
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


@transaction.atomic(durable=True)
def ticket_autoclose(
    *, actor: object, ticket: Ticket | str, solved_before: datetime
) -> Activity | None:
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
