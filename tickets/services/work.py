"""Working a ticket: assign, transfer, reclassify, comment."""

from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tickets.access import Action, Actor, ensure_can
from tickets.errors import ValidationFailed
from tickets.models import Activity, ActivityType, Status, Ticket
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
    attachments_add,
    attachments_claim,
    check_count,
    files_removed_on_rollback,
)
from tickets.workflow import check_open_for_comments, check_transition


@transaction.atomic
def ticket_assign(
    *, actor: User, ticket: Ticket, assignee: User | str | None, reason: str = ""
) -> Activity:
    """Give the ticket to an agent who may work its area (``None`` unassigns). → ASIGNADO."""
    locked = lock(ticket)
    ensure_can(actor, Action.ASSIGN, locked)
    check_transition(locked.status, locked.status, allow_same=True)  # nothing leaves a terminal
    if assignee is not None:
        assignee = agent_for_area(assignee, locked.area, field="agenteId")
    # Nothing would change: refuse rather than write history that records no change.
    if assignee is None and locked.assignee_id is None:
        raise ValidationFailed.for_field("agenteId", _("The ticket has no assignee."))
    if (
        assignee is not None
        and assignee.pk == locked.assignee_id
        and locked.status == Status.ASIGNADO
    ):
        raise ValidationFailed.for_field(
            "agenteId", _("The ticket is already assigned to that agent.")
        )

    def mutate(t: Ticket, now) -> None:
        t.assignee = assignee
        t.assignee_membership = membership_of(assignee, t.location_id)

    return run_operation(
        actor=actor,
        ticket=locked,
        action=Action.ASSIGN,
        type_=ActivityType.ASSIGNEE_UPDATED,
        public=False,
        mutate=mutate,
        reason=clean_text(reason, "motivo", required=False),
        target=Status.ASIGNADO if assignee is not None else None,
    )


@transaction.atomic
def ticket_transfer(
    *, actor: User, ticket: Ticket, area, assignee: User | str | None = None, reason: str = ""
) -> Activity:
    """Hand the ticket to another area (optionally to one of its agents). → TRANSFERIDO."""
    locked = lock(ticket)
    ensure_can(actor, Action.TRANSFER, locked)
    new_area = resolve_area(area, field="area")
    if new_area.pk == locked.area_id:
        raise ValidationFailed.for_field("area", _("The ticket is already in that area."))
    if assignee is not None:
        assignee = agent_for_area(assignee, new_area, field="agenteId")

    def mutate(t: Ticket, now) -> None:
        t.area = new_area
        t.assignee = assignee
        t.assignee_membership = membership_of(assignee, t.location_id)

    return run_operation(
        actor=actor,
        ticket=locked,
        action=Action.TRANSFER,
        type_=ActivityType.AREA_TRANSFERRED,
        public=False,
        mutate=mutate,
        reason=clean_text(reason, "motivo", required=False),
        target=Status.TRANSFERIDO,
    )


@transaction.atomic
def ticket_reclassify(
    *, actor: User, ticket: Ticket, priority, categoria: str = "", reason: str = ""
) -> Activity:
    """Change priority (SLA due time follows) and category. → RECLASIFICADO."""
    locked = lock(ticket)
    ensure_can(actor, Action.RECLASSIFY, locked)
    new_priority = resolve_priority(priority, field="nuevaPrioridad")
    categoria = (categoria or "").strip()
    if len(categoria) > 100:
        raise ValidationFailed.for_field(
            "nuevaCategoria", _("Ensure this field has no more than %(n)d characters.") % {"n": 100}
        )

    def mutate(t: Ticket, now) -> None:
        set_priority(t, new_priority)
        if categoria:
            t.categoria = categoria

    return run_operation(
        actor=actor,
        ticket=locked,
        action=Action.RECLASSIFY,
        type_=ActivityType.RECLASSIFIED,
        public=False,
        mutate=mutate,
        reason=clean_text(reason, "motivo", required=False),
        target=Status.RECLASIFICADO,
    )


def _is_agent(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.is_agent)


@files_removed_on_rollback
def ticket_comment(
    *,
    actor: Actor,
    ticket: Ticket,
    text: str,
    public: bool = True,
    uploads: Sequence | None = None,
    attachment_keys: Sequence[str] | None = None,
) -> Activity:
    """A public response (the requester reads it) or an internal note (agents only), with
    files sent now (``uploads``) or uploaded before (``attachment_keys``). The text may be
    empty when files come with it. Refused (409) on a terminal ticket, as every other write
    is (``check_open_for_comments``)."""
    locked = lock(ticket)
    ensure_can(actor, Action.COMMENT if public else Action.NOTE, locked)
    check_open_for_comments(locked.status)
    uploads, keys = as_list(uploads), as_list(attachment_keys)
    check_count(len(uploads) + len(keys))
    text = clean_response(text, "text", actor=actor, public=public, required=not (uploads or keys))
    now = timezone.now()
    if public and not _is_agent(actor) and requester_answered(actor, locked, now):
        now += timedelta(microseconds=1)  # the requester's answer, after the resume
    activity = write_comment(
        actor=actor, ticket=locked, text=text, public=public, now=now, agent_reply=True
    )
    attachments_add(actor=actor, ticket=locked, activity=activity, uploads=uploads)
    attachments_claim(actor=actor, ticket=locked, activity=activity, keys=keys)
    return activity
