"""Reads. Every function returns a queryset (or one row) with the joins its callers need,
so lists run a fixed number of queries whatever their length."""

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.models import AGENT_ROLES, Membership
from tickets.errors import NotFound
from tickets.models import Activity, ActivityType, Status, Ticket
from tickets.permissions import requester_tickets, visible_tickets

# Joined into every ticket list. Kept to five joins: PostgreSQL spends ~20 ms planning a
# query that also joins both memberships and their users (measured: bench/bench_lists.py),
# so memberships are prefetched, and only where a face shows them (``with_memberships``).
TICKET_RELATED = ("priority", "area", "location", "requester", "assignee")


# What the requester's ticket page shows of a ticket.
PUBLIC_TICKET_RELATED = ("priority", "area", "location", "follows")


def ticket_list(*, user, queryset: QuerySet[Ticket] | None = None) -> QuerySet[Ticket]:
    """The tickets ``user`` may see, newest first, with everything a row shows."""
    return visible_tickets(user, queryset).select_related(*TICKET_RELATED)


def sla_breached_q(now) -> Q:
    """Tickets past their SLA due time: ``Ticket.sla_breached`` as a filter."""
    stopped = [Status.CANCELADO, Status.ARCHIVADO]
    return (
        Q(resolved_at__isnull=False, sla_due_at__lt=F("resolved_at"))
        | Q(resolved_at__isnull=True, status__in=stopped, sla_due_at__lt=F("status_updated_at"))
        | (Q(resolved_at__isnull=True, sla_due_at__lt=now) & ~Q(status__in=stopped))
    )


def with_memberships(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Requester and assignee memberships with their users: two extra queries per list."""
    memberships = Membership.objects.select_related("user")
    return qs.prefetch_related(
        Prefetch("requester_membership", queryset=memberships),
        Prefetch("assignee_membership", queryset=memberships),
    )


def ticket_search(qs: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    """Free text over label, subject, description and requester."""
    text = (text or "").strip()
    if not text:
        return qs
    return qs.filter(
        Q(label__icontains=text)
        | Q(subject__icontains=text)
        | Q(description__icontains=text)
        | Q(requester_name__icontains=text)
        | Q(requester_email__icontains=text)
    )


def activity_list(*, ticket: Ticket, public_only: bool = False) -> QuerySet[Activity]:
    """A ticket's history, oldest first, with the actor and its membership joined."""
    qs = Activity.objects.filter(ticket=ticket).select_related("actor", "actor_membership__user")
    return qs.public() if public_only else qs


def tickets_with_activities(qs: QuerySet[Ticket], *, public_only: bool = False):
    """Prefetch each ticket's history in one extra query."""
    activities = Activity.objects.select_related("actor", "actor_membership__user")
    if public_only:
        activities = activities.public()
    return qs.prefetch_related(Prefetch("activities", queryset=activities))


def ticket_lookup_public(*, label: str, email: str) -> Ticket:
    """The requester's lookup: label and e-mail must both match, else one same NotFound."""
    label = (label or "").strip().upper()
    email = (email or "").strip().lower()
    ticket = Ticket.objects.select_related(*PUBLIC_TICKET_RELATED).filter(label=label).first()
    if ticket is None or not email or ticket.requester_email.lower() != email:
        raise NotFound()
    return ticket


def requester_ticket_list(*, user) -> QuerySet[Ticket]:
    """ "My tickets" of a logged-in USUARIO, newest first, each annotated with
    ``latest_answer_id``: the desk's latest public comment (load them with
    ``Activity.objects.in_bulk``: one query per page)."""
    answers = (
        Activity.objects.filter(
            ticket=OuterRef("pk"),
            public=True,
            type=ActivityType.COMMENT,
            actor_snapshot__rol__in=sorted(AGENT_ROLES),
        )
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    return (
        requester_tickets(user)
        .select_related("area")
        .annotate(latest_answer_id=Subquery(answers))
        .order_by("-created_at", "-id")
    )
