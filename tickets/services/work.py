"""Working a ticket: assign, transfer, reclassify, comment."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area, User
from tickets.access import Action, Actor, ensure_can
from tickets.errors import ValidationFailed
from tickets.models import Activity, ActivityType, Priority, Status, Ticket
from tickets.selectors.lookups import (
    agent_for_area,
    membership_of,
    resolve_area,
    resolve_priority,
)
from tickets.services._base import (
    clean_response,
    clean_text,
    lock,
    requester_answered,
    run_operation,
    set_priority,
    write_comment,
)
from tickets.services.attachments import (
    as_list,
    check_count,
    claim_files,
    files_removed_on_rollback,
    store_files,
)
from tickets.workflow import check_open_for_comments, check_transition


@transaction.atomic(durable=True)
def ticket_assign(
    *, actor: User, ticket: Ticket | str, assignee: User | str | None, reason: str = ""
) -> Activity:
    """Give the ticket to an agent who may work its area (``None`` unassigns). → ASIGNADO."""
    return assign(actor=actor, ticket=lock(ticket), assignee=assignee, reason=reason)


def assign(*, actor: User, ticket: Ticket, assignee: User | str | None, reason: str) -> Activity:
    """``ticket_assign`` on a ticket the caller locked."""
    locked = ticket
    ensure_can(actor, Action.ASSIGN, locked)
    check_transition(locked.status, locked.status, allow_same=True)  # nothing leaves a terminal
    if assignee is not None:
        assignee = agent_for_area(assignee, locked.area, field="assignee")
    # Nothing would change: refuse rather than write history that records no change.
    if assignee is None and locked.assignee_id is None:
        raise ValidationFailed.for_field("assignee", _("The ticket has no assignee."))
    if (
        assignee is not None
        and assignee.pk == locked.assignee_id
        and locked.status == Status.ASIGNADO
    ):
        raise ValidationFailed.for_field(
            "assignee", _("The ticket is already assigned to that agent.")
        )

    def mutate(t: Ticket, now) -> None:
        t.assignee = assignee
        t.assignee_membership = membership_of(assignee, t.location_id)

    return run_operation(
        actor=actor,
        ticket=locked,
        type_=ActivityType.ASSIGNEE_UPDATED,
        public=False,
        mutate=mutate,
        reason=clean_text(reason, "reason", required=False),
        target=Status.ASIGNADO if assignee is not None else None,
    )


@transaction.atomic(durable=True)
def ticket_transfer(
    *,
    actor: User,
    ticket: Ticket | str,
    area: Area | str,
    assignee: User | str | None = None,
    reason: str = "",
) -> Activity:
    """Hand the ticket to another area (optionally to one of its agents). → TRANSFERIDO."""
    return transfer(actor=actor, ticket=lock(ticket), area=area, assignee=assignee, reason=reason)


def transfer(
    *, actor: User, ticket: Ticket, area: Area | str, assignee: User | str | None, reason: str
) -> Activity:
    """``ticket_transfer`` on a ticket the caller locked."""
    locked = ticket
    ensure_can(actor, Action.TRANSFER, locked)
    new_area = resolve_area(area, field="area")
    if new_area.pk == locked.area_id:
        raise ValidationFailed.for_field("area", _("The ticket is already in that area."))
    if assignee is not None:
        assignee = agent_for_area(assignee, new_area, field="assignee")

    def mutate(t: Ticket, now) -> None:
        t.area = new_area
        t.assignee = assignee
        t.assignee_membership = membership_of(assignee, t.location_id)

    return run_operation(
        actor=actor,
        ticket=locked,
        type_=ActivityType.AREA_TRANSFERRED,
        public=False,
        mutate=mutate,
        reason=clean_text(reason, "reason", required=False),
        target=Status.TRANSFERIDO,
    )


@transaction.atomic(durable=True)
def ticket_reclassify(
    *,
    actor: User,
    ticket: Ticket | str,
    priority: Priority | str,
    categoria: str = "",
    reason: str = "",
) -> Activity:
    """Change priority (SLA due time follows) and category. → RECLASIFICADO."""
    locked = lock(ticket)
    ensure_can(actor, Action.RECLASSIFY, locked)
    new_priority = resolve_priority(priority, field="priority")
    categoria = (categoria or "").strip()
    if len(categoria) > 100:
        raise ValidationFailed.for_field(
            "category", _("Ensure this field has no more than %(n)d characters.") % {"n": 100}
        )

    def mutate(t: Ticket, now) -> None:
        set_priority(t, new_priority)
        if categoria:
            t.categoria = categoria

    return run_operation(
        actor=actor,
        ticket=locked,
        type_=ActivityType.RECLASSIFIED,
        public=False,
        mutate=mutate,
        reason=clean_text(reason, "reason", required=False),
        target=Status.RECLASIFICADO,
    )


def _is_agent(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.is_agent)


@files_removed_on_rollback(durable=False)  # held by an idempotency key, an e-mail's row
def ticket_comment(
    *,
    actor: Actor,
    ticket: Ticket | str,
    text: str,
    public: bool = True,
    uploads: Sequence | None = None,
    attachment_keys: Sequence[str] | None = None,
) -> Activity:
    """A public response (the requester reads it) or an internal note (agents only), with
    files sent now (``uploads``) or uploaded before (``attachment_keys``). The text may be
    empty when files come with it. Refused (409) on a terminal ticket, as every other write
    is (``check_open_for_comments``)."""
    return comment(
        actor=actor,
        ticket=lock(ticket),
        text=text,
        public=public,
        uploads=uploads,
        attachment_keys=attachment_keys,
    )


def comment(
    *,
    actor: User,
    ticket: Ticket,
    text: str,
    public: bool,
    uploads: Sequence | None = None,
    attachment_keys: Sequence[str] | None = None,
) -> Activity:
    """``ticket_comment`` on a ticket the caller locked."""
    locked = ticket
    ensure_can(actor, Action.COMMENT if public else Action.NOTE, locked)
    check_open_for_comments(locked.status)
    uploads, keys = as_list(uploads), as_list(attachment_keys)
    check_count(len(uploads) + len(keys))
    text = clean_response(text, "text", actor=actor, public=public, required=not (uploads or keys))
    now = timezone.now()
    if public and not _is_agent(actor):
        requester_answered(actor, locked, now)  # the resume, then (just after) their answer
    activity = write_comment(
        actor=actor, ticket=locked, text=text, public=public, now=now, agent_reply=True
    )
    store_files(actor=actor, ticket=locked, activity=activity, uploads=uploads)
    claim_files(actor=actor, ticket=locked, activity=activity, keys=keys)
    return activity
