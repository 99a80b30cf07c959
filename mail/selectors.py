"""Reads of received e-mail for agents. Visibility is the tickets' (``tickets.access.sight``):
ADMIN and MESA see every message; an AREA agent only those tied to a ticket of their area."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from mail.models import InboundMessage
from tickets.access import sight

M = InboundMessage.Status
KEPT = (M.HELD, M.IGNORED)
LIST_FIELDS = ("id", "message_id", "sender", "subject", "status", "kind", "reason", "size",
               "received_at", "ticket__label", "ticket_id", "resolution", "refused")


def messages_for(user) -> QuerySet[InboundMessage]:
    """Every received message ``user`` may read (the whole message deferred)."""
    qs = InboundMessage.objects.defer("raw")
    seen = sight(user)
    if seen.everything:  # messages tied to no ticket too
        return qs
    condition = seen.area_q("ticket__area_id")
    if condition is None:
        return qs.none()
    return qs.filter(ticket__isnull=False).filter(condition)


def review_list(user, *, filtered: bool, ticket_id=None) -> QuerySet[InboundMessage]:
    """Held (or, ``filtered``, automatic) messages nobody resolved yet — every kept one of
    one ticket when ``ticket_id`` — newest first (page it with ``core.keyset``)."""
    qs = messages_for(user).filter(resolution="")
    if ticket_id is not None:
        qs = qs.filter(ticket_id=ticket_id, status__in=KEPT)
    else:
        qs = qs.filter(status=M.IGNORED if filtered else M.HELD)
    return qs.select_related("ticket").only(*LIST_FIELDS).order_by("-received_at", "-id")


def with_email(activities: QuerySet) -> QuerySet:
    """``activities`` annotated, in the same query, with the received message each came
    from (``email_id``) and the files of it not accepted (``email_refused``)."""
    source = InboundMessage.objects.filter(activity_id=OuterRef("pk")).order_by("-pk")
    return activities.annotate(
        email_id=Subquery(source.values("pk")[:1]),
        email_refused=Subquery(source.values("refused")[:1]),
    )


def with_held_count(tickets: QuerySet) -> QuerySet:
    """``tickets`` annotated with how many of their received messages wait for review."""
    held = (
        InboundMessage.objects.filter(ticket=OuterRef("pk"), status__in=KEPT, resolution="")
        .order_by()
        .values("ticket")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return tickets.annotate(held_mail=Coalesce(Subquery(held), 0))
