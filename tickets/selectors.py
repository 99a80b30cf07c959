"""Reads. Every function returns a queryset (or one row) with the joins its callers need,
so lists run a fixed number of queries whatever their length."""

from django.db.models import F, Prefetch, Q, QuerySet

from accounts.models import Membership
from tickets.errors import NotFound
from tickets.models import Activity, Status, Ticket
from tickets.permissions import visible_tickets

# Joined into every ticket list. Kept to five joins: PostgreSQL spends ~20 ms planning a
# query that also joins both memberships and their users (measured: bench/bench_lists.py),
# so memberships are prefetched, and only where a face shows them (``with_memberships``).
TICKET_RELATED = ("priority", "area", "location", "requester", "assignee")


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


def sla_running_q() -> Q:
    """Tickets whose SLA clock still runs: not solved, closed, cancelled nor archived."""
    stopped = [Status.RESUELTO, Status.CERRADO, Status.CANCELADO, Status.ARCHIVADO]
    return Q(resolved_at__isnull=True) & ~Q(status__in=stopped)


def sla_breaching_soon_q(now, window) -> Q:
    """Running tickets not yet breached whose SLA falls due within ``window`` of ``now``."""
    return sla_running_q() & Q(sla_due_at__gte=now, sla_due_at__lte=now + window)


def sla_alerts_due(now, window) -> tuple[QuerySet[Ticket], QuerySet[Ticket]]:
    """(tickets to warn, tickets to alert as breached): running, not yet alerted of that
    kind. Walks the ``sla_due_at`` index; ids only."""
    running = Ticket.objects.filter(sla_running_q()).order_by("sla_due_at")
    warn = running.filter(
        sla_warned_at__isnull=True, sla_due_at__gte=now, sla_due_at__lte=now + window
    )
    breach = running.filter(sla_breach_alerted_at__isnull=True, sla_due_at__lt=now)
    return warn.values_list("pk", flat=True), breach.values_list("pk", flat=True)


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
    ticket = (
        Ticket.objects.select_related("priority", "area", "location").filter(label=label).first()
    )
    if ticket is None or not email or ticket.requester_email.lower() != email:
        raise NotFound()
    return ticket
