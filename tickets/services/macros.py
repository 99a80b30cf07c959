"""Macros (canned responses): managing them and applying one to a ticket.

``macro_apply`` is the one way a macro reaches a ticket — the ticket page's send and bulk
work alike — through the composer's own code (``reply``, as ``ticket_reply``): the same
permissions, state machine and text rules as a reply typed by hand.
"""

from collections.abc import Sequence
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area, User
from tickets.access import (
    ROLE_MESSAGE,
    Action,
    can_manage_macro,
    managed_macros_q,
    ticket_for,
    usable_macros_q,
)
from tickets.errors import NotAllowed, NotFound, ValidationFailed
from tickets.models import Activity, Macro, Priority, Status
from tickets.selectors.lookups import resolve_area, resolve_priority
from tickets.services._base import clean_text, lock_or_none, parse_pause_kind
from tickets.services.attachments import files_removed_on_rollback
from tickets.services.placeholders import check_template, fill
from tickets.services.reply import reply
from tickets.workflow import SET_BY_OPERATION, parse_status

MACRO_NOT_FOUND = _("Macro not found.")


def _find(user, macro_id, condition) -> Macro:
    if condition is None:
        raise NotAllowed(ROLE_MESSAGE)
    try:
        macro = (
            Macro.objects.select_related("set_priority", "set_area")
            .filter(condition, pk=int(macro_id))
            .first()
        )
    except (TypeError, ValueError):
        macro = None
    if macro is None:
        raise NotFound(MACRO_NOT_FOUND)
    return macro


def macro_for(user, macro_id) -> Macro:
    """A macro ``user`` may use, or ``NotFound`` (``NotAllowed`` for a user who may use none)."""
    return _find(user, macro_id, usable_macros_q(user))


def _clean(
    *, actor, name, body, area_scope, set_status, set_priority, set_area, note, set_pause_kind=""
) -> dict:
    name = clean_text(name, "name", required=True)
    if len(name) > 100:
        raise ValidationFailed.for_field(
            "name", _("Ensure this field has no more than %(n)d characters.") % {"n": 100}
        )
    status = ""
    if set_status:
        status = parse_status(set_status, field="set_status")
        if status in SET_BY_OPERATION:
            raise ValidationFailed.for_field(
                "set_status", _("A macro cannot set this status: it has its own operation.")
            )
    # What the pause waits for: only with the status PAUSADO (a third party when not said).
    pause_kind = (
        parse_pause_kind(set_pause_kind, "set_pause_kind") if status == Status.PAUSADO else ""
    )
    scope = area_scope if isinstance(area_scope, Area) or area_scope is None else None
    if area_scope is not None and scope is None:
        scope = resolve_area(area_scope, field="area_scope")
    if not can_manage_macro(actor, scope.pk if scope else None):
        raise NotAllowed(ROLE_MESSAGE)
    priority = set_priority
    if priority is not None and not isinstance(priority, Priority):
        priority = resolve_priority(priority, field="set_priority")
    area = set_area
    if area is not None and not isinstance(area, Area):
        area = resolve_area(area, field="set_area")
    return {
        "name": name,
        "body": check_template(clean_text(body, "body", required=True), "body"),
        "note": check_template(clean_text(note, "note", required=False), "note"),
        "area_scope": scope,
        "set_status": status,
        "set_pause_kind": pause_kind,
        "set_priority": priority,
        "set_area": area,
    }


@transaction.atomic(durable=True)
def macro_create(
    *,
    actor: User,
    name: str,
    body: str,
    area_scope: Area | int | str | None = None,
    set_status: str = "",
    set_priority: Priority | str | None = None,
    set_area: Area | str | None = None,
    note: str = "",
    set_pause_kind: str = "",
) -> Macro:
    """A new macro. An unknown placeholder in ``body`` or ``note`` is a ``ValidationFailed``;
    MESA/ADMIN create any, an AREA agent only one scoped to its own area."""
    values = _clean(
        actor=actor,
        name=name,
        body=body,
        area_scope=area_scope,
        set_status=set_status,
        set_priority=set_priority,
        set_area=set_area,
        note=note,
        set_pause_kind=set_pause_kind,
    )
    return Macro.objects.create(**values, created_by=actor)


@transaction.atomic(durable=True)
def macro_update(
    *,
    actor: User,
    macro_id: int | str,
    name: str,
    body: str,
    area_scope: Area | int | str | None = None,
    set_status: str = "",
    set_priority: Priority | str | None = None,
    set_area: Area | str | None = None,
    note: str = "",
    set_pause_kind: str = "",
) -> Macro:
    """Change a macro ``actor`` manages (every field of ``macro_create``, all given)."""
    macro = _find(actor, macro_id, managed_macros_q(actor))
    macro = Macro.objects.select_for_update().get(pk=macro.pk)
    fields = _clean(
        actor=actor,
        name=name,
        body=body,
        area_scope=area_scope,
        set_status=set_status,
        set_priority=set_priority,
        set_area=set_area,
        note=note,
        set_pause_kind=set_pause_kind,
    )
    for key, value in fields.items():
        setattr(macro, key, value)
    macro.updated_at = timezone.now()
    macro.save()
    return macro


@transaction.atomic(durable=True)
def macro_delete(*, actor: User, macro_id: int | str) -> None:
    _find(actor, macro_id, managed_macros_q(actor)).delete()


def macro_changes(macro: Macro) -> dict:
    """The ticket changes a macro asks for, as ``ticket_reply`` takes them (``None``: keep)."""
    return {
        "status": macro.set_status or None,
        "pause_kind": macro.set_pause_kind or None,
        "priority": macro.set_priority.name if macro.set_priority_id else None,
        "area": macro.set_area.code if macro.set_area_id else None,
    }


@files_removed_on_rollback
def macro_apply(
    *,
    actor: User,
    ticket_id: UUID | str,
    macro_id: int | str,
    body: str | None = None,
    public: bool = True,
    changes: dict | None = None,
    uploads: Sequence | None = None,
) -> list[Activity]:
    """Apply macro ``macro_id`` to ticket ``ticket_id`` as ``actor``, in one transaction.

    ``body``: the reply as the agent edited it (``None``: the macro's text filled for this
    ticket); ``public``: a public reply or an internal note; ``changes``: the status /
    priority / area the agent chose ({"status", "priority", "area"}, ``None`` each keeps
    the ticket's; ``None`` for all: the macro's own). The macro's internal note is added.
    Returns the history entries written. Raises the domain errors of ``ticket_reply`` and
    ``NotFound`` for a macro the actor may not use.
    """
    action = Action.COMMENT if public else Action.NOTE
    ticket = ticket_for(actor, id=ticket_id, action=action, fetch=lock_or_none)
    return apply(actor=actor, ticket=ticket, macro_id=macro_id, body=body, public=public,
                 changes=changes, uploads=uploads)  # fmt: skip


def apply(
    *,
    actor: User,
    ticket,
    macro_id: int | str,
    body: str | None = None,
    public: bool = True,
    changes: dict | None = None,
    uploads: Sequence | None = None,
) -> list[Activity]:
    """``macro_apply`` on a ticket the caller locked."""
    macro = macro_for(actor, macro_id)
    text = fill(macro.body, ticket, actor) if body is None else body
    chosen = macro_changes(macro) if changes is None else changes
    moves = {key: chosen.get(key) for key in ("status", "priority", "area", "pause_kind")}
    return reply(
        actor=actor,
        ticket=ticket,
        text=text,
        public=public,
        moves=moves,
        uploads=uploads,
        note=fill(macro.note, ticket, actor),
    )
