"""The one access helper of the ways in: ``ticket_for`` returns the ticket an actor may act
on, or raises (``NotFound`` / ``NotAllowed``). Every view, API call and service that starts
from a ticket id or label asks it."""

import uuid
from collections.abc import Callable

from django.db.models import QuerySet

from tickets.access.rules import Action, can, ensure_can, refusal_reason
from tickets.access.visibility import visible_tickets
from tickets.errors import NotAllowed, NotFound
from tickets.models import Ticket


def _pk(ticket_id) -> uuid.UUID:
    try:
        return ticket_id if isinstance(ticket_id, uuid.UUID) else uuid.UUID(str(ticket_id))
    except (TypeError, ValueError, AttributeError):
        raise NotFound() from None


def ticket_for(
    actor,
    *,
    id=None,  # noqa: A002 - the ways in say "id"
    label: str | None = None,
    action: Action = Action.VIEW,
    queryset: QuerySet[Ticket] | None = None,
    fetch: Callable[[uuid.UUID], Ticket | None] | None = None,
    for_update: bool = False,
) -> Ticket:
    """The ticket ``id`` (or labelled ``label``) if ``actor`` may do ``action`` on it.

    By ``id``: ``NotFound`` for an unknown or malformed id, or one outside ``queryset``
    (e.g. another network); ``NotAllowed`` when the role or the area forbids it (an agent
    of another area learns the ticket exists: the APIs' 403). By ``label``: only among the
    tickets ``actor`` sees (``visible_tickets``), so a label it may not see is ``NotFound``
    like an unknown one. ``fetch(pk)`` instead of ``queryset``: the caller's own lookup of
    that one ticket (a precompiled query), ``None`` when it finds none. ``for_update``:
    lock the row first (``SELECT … FOR UPDATE`` without joins), inside the caller's
    transaction.
    """
    if id is not None and label is not None:
        raise TypeError("ticket_for takes id= or label=, not both")
    qs = Ticket.objects.all() if queryset is None else queryset
    if label is not None:
        label = label.strip().upper()
        pk = None
        if label:
            pk = visible_tickets(actor, qs).filter(label=label).values_list("pk", flat=True)
            pk = next(iter(pk.order_by()[:1]), None)
        if pk is None:
            raise NotFound()
    else:
        pk = _pk(id)
    if for_update:
        list(Ticket.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True))
    # No ORDER BY for one row by key: ordering a wide select costs compile time per column.
    ticket = fetch(pk) if fetch is not None else next(iter(qs.filter(pk=pk).order_by()[:1]), None)
    if ticket is None:
        raise NotFound()
    if not can(actor, Action.VIEW, ticket) and not can(actor, action, ticket):
        raise NotAllowed(refusal_reason(actor, Action.VIEW, ticket))
    ensure_can(actor, action, ticket)
    return ticket
