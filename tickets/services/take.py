"""Take it: an agent who may work a ticket makes itself its assignee."""

from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tickets.access import Action, ticket_for
from tickets.errors import ValidationFailed
from tickets.models import Activity, ActivityType, Status
from tickets.selectors.lookups import membership_of
from tickets.services._base import lock_or_none, run_operation
from tickets.workflow import check_transition


@transaction.atomic(durable=True)
def ticket_take(*, actor: User, ticket_id: UUID | str) -> Activity:
    """ "Assign to me": ``actor`` becomes the assignee (TAKE: ADMIN/MESA any ticket, AREA its
    own area's). A new ticket moves to ASIGNADO; a ticket already being worked keeps its
    status. Refused on a terminal ticket (409) and when the actor already has it (400).

    The ticket is looked up locked and checked once (``ticket_for`` on the locked row).
    Mesa's ``asignar`` (giving the ticket to someone) stays ADMIN/MESA: this is not it."""
    locked = ticket_for(actor, id=ticket_id, action=Action.TAKE, fetch=lock_or_none)
    check_transition(locked.status, locked.status, allow_same=True)  # nothing leaves a terminal
    if locked.assignee_id == actor.pk:
        raise ValidationFailed.for_field("assignee", _("You are already its assignee."))

    def mutate(t, now) -> None:
        t.assignee = actor
        t.assignee_membership = membership_of(actor, t.location_id)

    return run_operation(
        actor=actor,
        ticket=locked,
        type_=ActivityType.ASSIGNEE_UPDATED,
        public=False,
        mutate=mutate,
        target=Status.ASIGNADO if locked.status == Status.NUEVO else None,
    )
