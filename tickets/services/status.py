"""Status changes: the generic one, the named ones (pausar, reabrir…) and actualizar."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area, Role, User
from tickets.access import Action, ensure_can, transition_action
from tickets.errors import InvalidTransition, ValidationFailed
from tickets.models import Activity, ActivityType, Priority, Status, Ticket
from tickets.selectors.lookups import (
    resolve_area,
    resolve_priority,
)
from tickets.services._base import (
    attrs,
    changes,
    claim_for_area_agent,
    clean_response,
    clean_text,
    lock,
    parse_pause_kind,
    record,
    run_operation,
    save_ticket,
    set_priority,
    set_status,
    write_comment,
)
from tickets.services.attachments import (
    as_list,
    check_count,
    files_removed_on_rollback,
    store_files,
)
from tickets.workflow import (
    REOPENABLE_STATUSES,
    SET_BY_OPERATION,
    check_transition,
    parse_status,
)


def refuse_operation_status(current: str, target: str, *, field: str) -> None:
    """ASIGNADO, TRANSFERIDO and RECLASIFICADO come from their own operations only."""
    if target != current and target in SET_BY_OPERATION:
        raise ValidationFailed.for_field(
            field,
            _("%(status)s is set by its own operation (assign, transfer, reclassify).")
            % {"status": target},
        )


@transaction.atomic(durable=True)
def ticket_change_status(
    *,
    actor: User,
    ticket: Ticket | str,
    status: str,
    reason: str = "",
    pause_kind: str | None = None,
) -> Activity:
    """Move the ticket to ``status`` (internal vocabulary) as the state machine allows.

    An AREA agent who moves an unassigned ticket of its own area becomes its assignee, in
    the same history entry (``claim_for_area_agent``); so does ``ticket_update``.

    Moving to the status the ticket already has is refused (409) like any transition the
    machine does not list: it would write history that records no change. The actor needs
    the permission of what the move really is (``access.transition_action``): taking a
    solved ticket back to work is a reopen, whatever way in asks for it. ``pause_kind``: what
    a move to PAUSADO waits for (``PauseKind``; a third party when not said).
    """
    return change_status(
        actor=actor, ticket=lock(ticket), status=status, reason=reason, pause_kind=pause_kind
    )


def change_status(
    *, actor: User, ticket: Ticket, status: str, reason: str = "", pause_kind: str | None = None
) -> Activity:
    """``ticket_change_status`` on a ticket the caller locked."""
    target = parse_status(status, field="status")
    kind = parse_pause_kind(pause_kind, "pause_kind") if target == Status.PAUSADO else None
    refuse_operation_status(ticket.status, target, field="status")
    ensure_can(actor, transition_action(ticket.status, target), ticket)
    ensure_can(actor, Action.UPDATE, ticket)
    return _to_status(actor, ticket, target, reason, kind)


def _to_status(actor, locked: Ticket, target: str, reason: str, kind: str | None) -> Activity:
    """The checked move: the transition, the AREA agent's claim, one public entry."""
    return run_operation(
        actor=actor,
        ticket=locked,
        type_=ActivityType.STATUS_UPDATED,
        public=True,
        mutate=lambda t, now: _to_work(t, actor, kind),
        reason=reason,
        target=target,
        allow_same=False,
        extra={"status": target},
    )


def _to_work(ticket: Ticket, actor, pause_kind: str | None) -> None:
    claim_for_area_agent(ticket, actor)
    if pause_kind:
        ticket.pause_kind = pause_kind


def _move(
    *,
    actor: User,
    ticket: Ticket | str,
    action: Action,
    target: str,
    reason: str,
    pause_kind: str | None = None,
) -> Activity:
    """A named move (pause, reopen, cancel, archive): its own permission, checked once."""
    reason = clean_text(reason, "reason", required=False)
    kind = parse_pause_kind(pause_kind, "pause_kind") if target == Status.PAUSADO else None
    locked = lock(ticket)
    ensure_can(actor, action, locked)
    if action == Action.REOPEN and locked.status not in REOPENABLE_STATUSES:
        raise InvalidTransition(locked.status, target)
    check_transition(locked.status, target)
    refuse_operation_status(locked.status, target, field="status")
    ensure_can(actor, transition_action(locked.status, target), locked)
    return _to_status(actor, locked, target, reason, kind)


@transaction.atomic(durable=True)
def ticket_pause(
    *, actor: User, ticket: Ticket | str, reason: str = "", kind: str | None = None
) -> Activity:
    """Pausar: → PAUSADO (refused when already paused, solved or terminal). ``kind``: what it
    waits for (``PauseKind``; a third party when not said) — a ticket that waits for the
    requester goes back to work when they answer (``ticket_requester_reply``)."""
    return _move(
        actor=actor,
        ticket=ticket,
        action=Action.PAUSE,
        target=Status.PAUSADO,
        reason=reason,
        pause_kind=kind,
    )


@transaction.atomic(durable=True)
def ticket_reopen(*, actor: User, ticket: Ticket | str, reason: str = "") -> Activity:
    """Reabrir: a paused, solved or closed ticket goes back to EN_PROCESO."""
    return _move(
        actor=actor, ticket=ticket, action=Action.REOPEN, target=Status.EN_PROCESO, reason=reason
    )


@transaction.atomic(durable=True)
def ticket_cancel(*, actor: User, ticket: Ticket | str, reason: str = "") -> Activity:
    """Cancelar: → CANCELADO, a terminal status."""
    return _move(
        actor=actor, ticket=ticket, action=Action.CANCEL, target=Status.CANCELADO, reason=reason
    )


@transaction.atomic(durable=True)
def ticket_archive(*, actor: User, ticket: Ticket | str, reason: str = "") -> Activity:
    """Archivar: → ARCHIVADO, a terminal status."""
    return _move(
        actor=actor, ticket=ticket, action=Action.ARCHIVE, target=Status.ARCHIVADO, reason=reason
    )


@files_removed_on_rollback
def ticket_update(
    *,
    actor: User,
    ticket: Ticket | str,
    status: str | None = None,
    priority: Priority | str | None = None,
    area: Area | str | None = None,
    response: str = "",
    uploads: Sequence | None = None,
    pause_kind: str | None = None,
) -> list[Activity]:
    """Mesa ``actualizar``: status, priority, area and a response the requester reads.
    ``pause_kind``: what the ticket waits for when it is (or goes) PAUSADO (``None``: a new
    pause waits for a third party, a paused ticket keeps its kind).

    ``None`` for status, priority or area keeps the ticket's current value, so a form that
    sends only what its user changed never undoes a concurrent change by someone else.

    Writes ``statusUpdated`` when any of status/priority/area changed, then a public
    ``comment`` with the response and the files (``uploads``). Returns the activities
    written, in order.
    """
    return update(
        actor=actor,
        ticket=lock(ticket),
        status=status,
        priority=priority,
        area=area,
        response=response,
        uploads=uploads,
        pause_kind=pause_kind,
    )


def update(
    *,
    actor: User,
    ticket: Ticket,
    status: str | None = None,
    priority: Priority | str | None = None,
    area: Area | str | None = None,
    response: str = "",
    uploads: Sequence | None = None,
    pause_kind: str | None = None,
) -> list[Activity]:
    """``ticket_update`` on a ticket the caller locked."""
    locked = ticket
    ensure_can(actor, Action.UPDATE, locked)
    target = locked.status if status is None else parse_status(status, field="status")
    kind = (
        parse_pause_kind(pause_kind, "pause_kind")
        if pause_kind and target == Status.PAUSADO
        else None
    )
    refuse_operation_status(locked.status, target, field="status")
    ensure_can(actor, transition_action(locked.status, target), locked)
    new_priority = resolve_priority(priority, field="priority") if priority else locked.priority
    new_area = resolve_area(area, field="area") if area else locked.area
    response = clean_response(response, "response", actor=actor, public=True, required=False)
    uploads = as_list(uploads)
    check_count(len(uploads))
    check_transition(locked.status, target, allow_same=True)

    def mutate(t: Ticket, now) -> None:
        if new_priority.pk != t.priority_id:
            set_priority(t, new_priority)
        if new_area.pk != t.area_id:
            t.area = new_area
            if t.assignee_id and t.assignee.role == Role.AREA and t.assignee.area_id != new_area.pk:
                t.assignee = None
                t.assignee_membership = None
        if target != t.status:
            claim_for_area_agent(t, actor)

    written: list[Activity] = []
    before = attrs(locked)
    now = timezone.now()
    mutate(locked, now)
    set_status(locked, target, now, kind)
    changed, previous = changes(locked, before)
    if changed:
        at = save_ticket(locked, now)
        written.append(
            record(
                locked,
                actor,
                ActivityType.STATUS_UPDATED,
                {**changed, "previousAttributes": previous},
                public=True,
                now=at,
            )
        )
    if response or uploads:
        # The same operation: written just after the change (``save_ticket``).
        comment = write_comment(
            actor=actor,
            ticket=locked,
            text=response,
            public=True,
            now=now,
            agent_reply=True,
        )
        store_files(actor=actor, ticket=locked, activity=comment, uploads=uploads)
        written.append(comment)
    if not written:
        raise ValidationFailed.for_field("response", _("Nothing to update."))
    return written
