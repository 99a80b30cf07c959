"""Bulk work on up to ``BULK_MAX`` tickets (issue 18): one operation, the same for each.

Each ticket is looked up locked and checked (``ticket_for``), then changed by the very
code its ticket page's service runs (``work.assign``, ``status.update``…), in its own
transaction (``atomic(durable=True)``: never inside another): a ticket either gets the
whole change or none of it, and one refusal never stops the others. The result says which
tickets were done and, for each of the others, the domain error's message ("The ticket
belongs to another area.").

Operations live in ``OPERATIONS`` (name → ``BulkOperation``); ``register`` adds one::

    bulk.register(bulk.BulkOperation(
        name="tag", label=_("Add tag"), permission=Action.TAG, fields=("tag",),
        clean=clean_tag_params, run=add_tag_to_ticket))

``clean(params) -> params`` checks the operation's input once, before any ticket (a
``ValidationFailed`` refuses the whole request); ``check(actor, params)`` likewise, for
what depends on who asks (the macro must be one the actor may use); ``run(actor, ticket,
params)`` calls the service for one ticket. ``permission`` is an ``Action`` or
``(actor) -> Action``.
"""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tickets.access import Action, can, ticket_for
from tickets.errors import DomainError, NotAllowed, NotFound, ValidationFailed
from tickets.models import Ticket
from tickets.services._base import lock_or_none
from tickets.services.macros import apply, macro_for
from tickets.services.status import change_status, update
from tickets.services.tags import normalize_tag, tag_add
from tickets.services.work import assign, transfer

BULK_MAX = 100


@dataclass(frozen=True)
class BulkOperation:
    name: str
    label: Any
    permission: Action | Callable[[User], Action]
    run: Callable[[User, Ticket, dict], Any]
    fields: tuple[str, ...] = ()  # the params it reads (the portal's form fields)
    clean: Callable[[dict], dict] = lambda params: params
    check: Callable[[User, dict], None] = lambda actor, params: None

    def action_for(self, actor) -> Action:
        return self.permission(actor) if callable(self.permission) else self.permission


@dataclass
class BulkItem:
    ticket_id: str
    label: str
    error: DomainError | None = None

    @property
    def message(self) -> str:
        return "" if self.error is None else str(self.error.message)


@dataclass
class BulkResult:
    operation: str
    done: list[BulkItem] = field(default_factory=list)
    refused: list[BulkItem] = field(default_factory=list)


OPERATIONS: dict[str, BulkOperation] = {}


def register(operation: BulkOperation) -> BulkOperation:
    OPERATIONS[operation.name] = operation
    return operation


def _required(params: dict, *names: str) -> dict:
    for name in names:
        if not params.get(name):
            raise ValidationFailed.for_field(name, _("This field is required."))
    return params


def _transfer_permission(actor) -> Action:
    """The desk transfers (→ TRANSFERIDO); an AREA agent moves its own tickets to another
    area the way its ticket page does: an update of the area (Mesa ``actualizar``)."""
    return Action.TRANSFER if can(actor, Action.TRANSFER) else Action.UPDATE


def _transfer(actor, ticket, params):
    if can(actor, Action.TRANSFER, ticket):
        return transfer(
            actor=actor,
            ticket=ticket,
            area=params["area"],
            assignee=params.get("assignee"),
            reason="",
        )
    return update(actor=actor, ticket=ticket, area=params["area"])


register(
    BulkOperation(
        name="assign",
        label=_("Assign"),
        permission=Action.ASSIGN,
        fields=("assignee",),
        clean=lambda p: _required(p, "assignee"),
        run=lambda actor, ticket, p: assign(
            actor=actor, ticket=ticket, assignee=p["assignee"], reason=""
        ),
    )
)
register(
    BulkOperation(
        name="transfer",
        label=_("Transfer to area"),
        permission=_transfer_permission,
        fields=("area", "assignee"),
        clean=lambda p: _required(p, "area"),
        run=_transfer,
    )
)
register(
    BulkOperation(
        name="status",
        label=_("Change status"),
        permission=Action.UPDATE,
        fields=("status",),
        clean=lambda p: _required(p, "status"),
        run=lambda actor, ticket, p: change_status(actor=actor, ticket=ticket, status=p["status"]),
    )
)
register(
    BulkOperation(
        name="priority",
        label=_("Change priority"),
        permission=Action.UPDATE,
        fields=("priority",),
        clean=lambda p: _required(p, "priority"),
        run=lambda actor, ticket, p: update(actor=actor, ticket=ticket, priority=p["priority"]),
    )
)
register(
    BulkOperation(
        name="tag",
        label=_("Add tag"),
        permission=Action.TAG,
        fields=("tag",),
        clean=lambda p: {**_required(p, "tag"), "tag": normalize_tag(p["tag"])},
        run=lambda actor, ticket, p: tag_add(actor=actor, ticket=ticket, name=p["tag"]),
    )
)


def _check_macro(actor, params) -> None:
    """The macro must be one ``actor`` may use (``tickets.access.usable_macros_q``)."""
    try:
        macro_for(actor, params["macro"])
    except (NotFound, NotAllowed) as exc:
        raise ValidationFailed({"macro": [exc.message]}, message=exc.message) from None


register(
    BulkOperation(
        name="macro",
        label=_("Apply macro"),
        # What ``macro_apply`` asks of each ticket: a public reply (its changes are then
        # checked one by one as ``ticket_reply`` checks them, as on the ticket page).
        permission=Action.COMMENT,
        fields=("macro",),
        clean=lambda p: _required(p, "macro"),
        check=_check_macro,
        run=lambda actor, ticket, p: apply(actor=actor, ticket=ticket, macro_id=p["macro"]),
    )
)


def _unique(ticket_ids) -> list[str]:
    seen: dict[str, None] = {}
    for value in ticket_ids or ():
        seen.setdefault(str(value).strip(), None)
    return [v for v in seen if v]


def tickets_bulk_apply(
    *, actor: User, ticket_ids: Sequence[str], operation: str, params: dict | None = None
) -> BulkResult:
    """Apply ``operation`` to each ticket of ``ticket_ids`` (at most ``BULK_MAX``), each in
    its own transaction. Not atomic as a whole, on purpose: what was done stays done."""
    op = OPERATIONS.get(operation)
    if op is None:
        raise ValidationFailed.for_field("operation", _("Choose an action."))
    ids = _unique(ticket_ids)
    if not ids:
        raise ValidationFailed.for_field("tickets", _("Select at least one ticket."))
    if len(ids) > BULK_MAX:
        raise ValidationFailed.for_field(
            "tickets", _("Select at most %(n)d tickets at once.") % {"n": BULK_MAX}
        )
    params = op.clean(dict(params or {}))
    op.check(actor, params)
    action = op.action_for(actor)
    result = BulkResult(operation=op.name)
    for ticket_id in ids:
        try:
            with transaction.atomic(durable=True):
                ticket = ticket_for(actor, id=ticket_id, action=action, fetch=lock_or_none)
                op.run(actor, ticket, params)
        except DomainError as exc:
            result.refused.append(BulkItem(ticket_id, _label_or_id(ticket_id), exc))
        else:
            result.done.append(BulkItem(ticket_id, ticket.label))
    return result


def _label_or_id(ticket_id: str) -> str:
    """The refused ticket's label (its id came from the agent's own list page); an id
    that names no ticket is shown as sent."""
    try:
        pk = uuid.UUID(ticket_id)
    except ValueError:
        return ticket_id[:40]
    return Ticket.objects.filter(pk=pk).values_list("label", flat=True).first() or ticket_id
