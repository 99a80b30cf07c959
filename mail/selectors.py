"""Reads of received e-mail for agents. Visibility is the tickets' (``visible_ticket_q``):
ADMIN and MESA see every message; an AREA agent only those tied to a ticket of their area."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Role
from mail.models import InboundMessage
from tickets.permissions import visible_ticket_q

M = InboundMessage.Status
KEPT = (M.HELD, M.IGNORED)
LIST_FIELDS = ("id", "message_id", "sender", "subject", "status", "kind", "reason", "size",
               "received_at", "ticket__label", "ticket_id", "resolution", "refused")


def messages_for(user) -> QuerySet[InboundMessage]:
    """Every received message ``user`` may read (the whole message deferred)."""
    qs = InboundMessage.objects.defer("raw")
    condition = visible_ticket_q(user, "ticket__")
    if condition is None:
        return qs.none()
    if getattr(user, "role", None) in (Role.ADMIN, Role.MESA):
        return qs
    return qs.filter(ticket__isnull=False).filter(condition)


def review_list(user, *, filtered: bool, before=None, size: int = 50) -> list[InboundMessage]:
    """Held (or, ``filtered``, automatic) messages nobody resolved yet, newest first;
    ``size + 1`` rows so the caller knows whether there is a next page."""
    status = M.IGNORED if filtered else M.HELD
    qs = messages_for(user).filter(status=status, resolution="")
    if before is not None:
        stamp, pk = before
        qs = qs.filter(Q(received_at__lt=stamp) | Q(received_at=stamp, pk__lt=pk))
    return list(
        qs.select_related("ticket").only(*LIST_FIELDS).order_by("-received_at", "-id")[: size + 1]
    )


def for_ticket(ticket) -> dict:
    """One query for the ticket page: {activity id: message} of the entries that came by
    e-mail, and the held or filtered messages of this ticket nobody resolved."""
    rows = list(
        InboundMessage.objects.filter(ticket=ticket)
        .filter(Q(activity_id__isnull=False) | Q(status__in=KEPT, resolution=""))
        .only("id", "activity_id", "status", "kind", "reason", "refused", "sender", "resolution",
              "received_at", "subject")
        .order_by("-received_at")[:200]
    )
    return {
        "sources": {row.activity_id: row for row in rows if row.activity_id},
        "kept": [row for row in rows if row.status in KEPT and not row.resolution],
    }
