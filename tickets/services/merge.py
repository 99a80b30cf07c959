"""Merge a duplicate into another ticket; link two tickets as related (or unlink them).

Both tickets are locked in one order (by id), whichever way round the caller names them,
so two agents merging or linking the same pair never deadlock. The actor needs the action
on both tickets (an AREA agent: both in its own area). Every entry is written in the
site's language (``LANGUAGE_CODE``): the requester of the duplicate reads it.
"""

from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from tickets.access import Action, ensure_can, ticket_for
from tickets.errors import ValidationFailed
from tickets.models import Activity, ActivityType, Status, Ticket, TicketLink
from tickets.services._base import (
    attrs,
    changes,
    lock,
    record,
    save_ticket,
    set_status,
    write_comment,
)
from tickets.workflow import check_open_for_comments, check_transition


def _pair(actor, first_id, second_id, action: Action, field: str) -> tuple[Ticket, Ticket]:
    """Both tickets, locked by id order, checked for ``action``; ``first`` (the page the
    agent sent the form from) checks the expected version, the other does not."""
    first = ticket_for(actor, id=first_id, action=action)
    second = ticket_for(actor, id=second_id, action=action)
    if first.pk == second.pk:
        raise ValidationFailed.for_field(field, _("Choose another ticket than this one."))
    held = {}
    for pk in sorted([first.pk, second.pk], key=str):
        # The version the page was rendered from is the first ticket's, not the other's.
        held[pk] = lock(pk, check_version=pk == first.pk)
    first, second = held[first.pk], held[second.pk]
    ensure_can(actor, action, first)
    ensure_can(actor, action, second)
    return first, second


LINKED = gettext_lazy("Related to %(label)s.")
UNLINKED = gettext_lazy("No longer related to %(label)s.")


def _note(actor, ticket: Ticket, text: str, now, **data) -> Activity:
    """An internal note whose ``data`` also says what it is about (``mergedInto``…)."""
    at = save_ticket(ticket, now)
    return record(ticket, actor, ActivityType.COMMENT, {"text": text, **data}, public=False, now=at)


@transaction.atomic(durable=True)
def ticket_merge(*, actor: User, source_id: UUID | str, target_id: UUID | str) -> Ticket:
    """Merge the duplicate ``source`` into ``target``, which goes on; returns ``target``.

    The duplicate becomes CANCELADO pointing at the target (``merged_into``), with a public
    status change and a public "merged into TKT-…" response (its requester gets the usual
    status e-mail with it) and an internal note; the target gets an internal note. The
    target's page shows the duplicate's public history ("merged from")."""
    source, target = _pair(actor, source_id, target_id, Action.MERGE, "target")
    check_transition(source.status, Status.CANCELADO)
    check_open_for_comments(target.status)
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        before = attrs(source)
        source.merged_into = target
        set_status(source, Status.CANCELADO, now)
        changed, previous = changes(source, before)
        at = save_ticket(source, now)
        record(
            source,
            actor,
            ActivityType.STATUS_UPDATED,
            {**changed, "previousAttributes": previous, "mergedInto": target.label},
            public=True,
            now=at,
        )
        told = _("This request was merged into %(label)s, which continues it: follow it there.")
        write_comment(
            actor=actor,
            ticket=source,
            text=told % {"label": target.label},
            public=True,
            now=now,  # just after the change (``save_ticket``): the history keeps this order
        )
        _note(
            actor,
            source,
            _("Duplicate: merged into %(label)s.") % {"label": target.label},
            now,
            mergedInto=target.label,
        )
        _note(
            actor,
            target,
            _("%(label)s was merged into this ticket; its public history is shown here.")
            % {"label": source.label},
            now,
            mergedFrom=source.label,
        )
    return target


def _link_notes(actor, a: Ticket, b: Ticket, message, key: str) -> None:
    check_open_for_comments(a.status)
    check_open_for_comments(b.status)
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        for ticket, other in ((a, b), (b, a)):
            _note(actor, ticket, str(message) % {"label": other.label}, now, **{key: other.label})


@transaction.atomic(durable=True)
def ticket_link(*, actor: User, ticket_id: UUID | str, other_id: UUID | str) -> TicketLink:
    """Mark two tickets as related (symmetric: one row, shown on both); an internal note
    on each. Refused when they already are, or when either is cancelled or archived."""
    ticket, other = _pair(actor, ticket_id, other_id, Action.LINK, "other")
    low, high = TicketLink.pair(ticket.pk, other.pk)
    if TicketLink.objects.filter(low_id=low, high_id=high).exists():
        raise ValidationFailed.for_field("other", _("These tickets are already related."))
    _link_notes(actor, ticket, other, LINKED, "linked")
    return TicketLink.objects.create(low_id=low, high_id=high, created_by=actor)


@transaction.atomic(durable=True)
def ticket_unlink(*, actor: User, ticket_id: UUID | str, other_id: UUID | str) -> None:
    """Undo ``ticket_link``: an internal note on each ticket says so."""
    ticket, other = _pair(actor, ticket_id, other_id, Action.LINK, "other")
    low, high = TicketLink.pair(ticket.pk, other.pk)
    if not TicketLink.objects.filter(low_id=low, high_id=high).exists():
        raise ValidationFailed.for_field("other", _("These tickets are not related."))
    _link_notes(actor, ticket, other, UNLINKED, "unlinked")
    TicketLink.objects.filter(low_id=low, high_id=high).delete()
