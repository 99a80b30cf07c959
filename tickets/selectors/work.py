"""Reads for the ticket page's work tools (selectors, like ``tickets.selectors``): the
tickets merged into or related to a ticket, and the macros a user may use or manage.

Each returns a queryset or a fixed number of queries, whatever the number of tickets.
"""

from django.db.models import Q, QuerySet

from tickets.access import managed_macros_q, usable_macros_q, visible_tickets
from tickets.models import Activity, Macro, Ticket, TicketLink
from tickets.selectors import attachments_prefetch


def merged_from(ticket: Ticket) -> QuerySet[Ticket]:
    """The duplicates merged into ``ticket``, oldest first."""
    return Ticket.objects.filter(merged_into=ticket).order_by("created_at", "id")


def merged_public_activities(ticket: Ticket) -> QuerySet[Activity]:
    """The public history of every duplicate merged into ``ticket`` (one query, plus one
    for their files), in order: what its requesters read, now readable here too."""
    return (
        Activity.objects.public()
        .filter(ticket__merged_into=ticket)
        .select_related("actor", "actor_membership__user")
        .prefetch_related(attachments_prefetch(True))
        .order_by("ticket__created_at", "ticket_id", "created_at", "id")
    )


def related_tickets(ticket: Ticket) -> list[Ticket]:
    """The tickets linked to ``ticket`` (either side of the pair), in one query."""
    links = TicketLink.objects.filter(Q(low=ticket) | Q(high=ticket)).select_related("low", "high")
    return [link.high if link.low_id == ticket.pk else link.low for link in links]


def ticket_id_by_label(user, label: str):
    """The id of the ticket ``user`` may see labelled ``label`` (None if none)."""
    label = (label or "").strip().upper()
    if not label:
        return None
    return visible_tickets(user).filter(label=label).values_list("pk", flat=True).first()


def usable_macros(user) -> QuerySet[Macro]:
    condition = usable_macros_q(user)
    qs = Macro.objects.select_related("set_priority", "set_area", "area_scope")
    return qs.none() if condition is None else qs.filter(condition)


def managed_macros(user) -> QuerySet[Macro]:
    condition = managed_macros_q(user)
    qs = Macro.objects.select_related("set_priority", "set_area", "area_scope")
    return qs.none() if condition is None else qs.filter(condition)
