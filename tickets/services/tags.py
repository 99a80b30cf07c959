"""Agents' free-form tags on a ticket (issue 18): add and remove, each with an internal
history entry (``tagsUpdated``, never public). Tags are normalised here, whatever way in
sends them: trimmed, lowercase, spaces and underscores as hyphens, letters, digits and
hyphens only, at most ``TAG_MAX_LENGTH`` characters."""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tickets.access import Action, ensure_can
from tickets.errors import ValidationFailed
from tickets.models import TAG_MAX_LENGTH, Activity, ActivityType, Tag, Ticket, TicketTag
from tickets.services._base import lock, record, save_ticket
from tickets.workflow import check_open_for_comments

TAGS_PER_TICKET = 20
_SEPARATORS = re.compile(r"[\s_]+")
_NOT_ALLOWED = re.compile(r"[^\w-]", re.UNICODE)
_HYPHENS = re.compile(r"-{2,}")


def normalize_tag(value, *, field: str = "tag") -> str:
    """``"  Printer_Jam "`` → ``"printer-jam"``; refuses what is empty or too long."""
    if not isinstance(value, str):
        raise ValidationFailed.for_field(field, _("Must be text."))
    text = _SEPARATORS.sub("-", value.strip().lower())
    text = _HYPHENS.sub("-", _NOT_ALLOWED.sub("", text).replace("_", "-")).strip("-")
    if not text:
        raise ValidationFailed.for_field(
            field, _("A tag needs letters or digits (hyphens allowed).")
        )
    if len(text) > TAG_MAX_LENGTH:
        raise ValidationFailed.for_field(
            field, _("A tag has at most %(n)d characters.") % {"n": TAG_MAX_LENGTH}
        )
    return text


def _names(ticket: Ticket) -> list[str]:
    return sorted(TicketTag.objects.filter(ticket=ticket).values_list("tag__name", flat=True))


def _tag(name: str) -> Tag:
    try:
        with transaction.atomic():  # a concurrent first use of the same name: take theirs
            return Tag.objects.get_or_create(name=name)[0]
    except IntegrityError:
        return Tag.objects.get(name=name)


def _write(actor, ticket: Ticket, before: list[str], after: list[str]) -> Activity:
    now = timezone.now()
    save_ticket(ticket, now)
    data = {"tags": after, "previousAttributes": {"tags": before}}
    return record(ticket, actor, ActivityType.TAGS_UPDATED, data, public=False, now=now)


@transaction.atomic(durable=True)
def ticket_tag_add(*, actor: User, ticket: Ticket | str, name: str) -> Activity:
    """Tag the ticket with ``name`` (normalised; created on first use). Refused when the
    ticket already has it, is final, or has ``TAGS_PER_TICKET`` tags."""
    name = normalize_tag(name)
    return tag_add(actor=actor, ticket=lock(ticket), name=name)


def tag_add(*, actor: User, ticket: Ticket, name: str) -> Activity:
    """``ticket_tag_add`` on a ticket the caller locked, ``name`` normalised."""
    locked = ticket
    ensure_can(actor, Action.TAG, locked)
    check_open_for_comments(locked.status)  # a cancelled / archived ticket takes no change
    before = _names(locked)
    if name in before:
        raise ValidationFailed.for_field("tag", _("The ticket already has this tag."))
    if len(before) >= TAGS_PER_TICKET:
        raise ValidationFailed.for_field(
            "tag", _("A ticket has at most %(n)d tags.") % {"n": TAGS_PER_TICKET}
        )
    TicketTag.objects.create(ticket=locked, tag=_tag(name), added_by=actor)
    return _write(actor, locked, before, sorted([*before, name]))


@transaction.atomic(durable=True)
def ticket_tag_remove(*, actor: User, ticket: Ticket | str, name: str) -> Activity:
    """Take the tag ``name`` off the ticket (the tag itself stays for others)."""
    name = normalize_tag(name)
    locked = lock(ticket)
    ensure_can(actor, Action.TAG, locked)
    check_open_for_comments(locked.status)
    before = _names(locked)
    if name not in before:
        raise ValidationFailed.for_field("tag", _("The ticket has no such tag."))
    TicketTag.objects.filter(ticket=locked, tag__name=name).delete()
    return _write(actor, locked, before, [n for n in before if n != name])
