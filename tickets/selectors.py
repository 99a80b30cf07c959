"""Reads. Every function returns a queryset (or one row) with the joins its callers need,
so lists run a fixed number of queries whatever their length."""

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from accounts.models import AGENT_ROLES, Membership
from tickets.errors import NotFound
from tickets.models import Activity, ActivityType, Attachment, Status, Ticket
from tickets.permissions import (
    Action,
    get_ticket_for,
    requester_tickets,
    sees_internal,
    visible_tickets,
)

_NO_FILE = _("File not found.")

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


def _attachments(public_only: bool) -> Prefetch:
    rows = Attachment.objects.filter(public=True) if public_only else Attachment.objects.all()
    return Prefetch("attachments", queryset=rows.order_by("created_at", "id"))


def activity_list(*, ticket: Ticket, public_only: bool = False) -> QuerySet[Activity]:
    """A ticket's history, oldest first, with the actor and its membership joined and its
    files prefetched (one extra query whatever the length)."""
    qs = Activity.objects.filter(ticket=ticket).select_related("actor", "actor_membership__user")
    if public_only:
        qs = qs.public()
    return qs.prefetch_related(_attachments(public_only))


def tickets_with_activities(qs: QuerySet[Ticket], *, public_only: bool = False):
    """Prefetch each ticket's history (and its files) in two extra queries."""
    activities = Activity.objects.select_related("actor", "actor_membership__user")
    if public_only:
        activities = activities.public()
    activities = activities.prefetch_related(_attachments(public_only))
    return qs.prefetch_related(Prefetch("activities", queryset=activities))


def attachment_for(user, key: str, *, queryset: QuerySet[Ticket] | None = None) -> Attachment:
    """The attachment ``key`` if ``user`` may download it: ``get_ticket_for(VIEW)`` on its
    ticket (within ``queryset``, e.g. the caller's network), and an internal file only
    for those who read internal entries. An upload not yet tied to a ticket is its
    uploader's only. Anything else is the same ``NotFound`` as an unknown key, except
    the 403 ``get_ticket_for`` gives an agent of another area."""
    row = Attachment.objects.filter(key=str(key or "")[:64]).first()
    if row is None:
        raise NotFound(_NO_FILE)
    if row.ticket_id is None:
        uploader = getattr(user, "pk", None)
        if uploader is None or row.uploaded_by_id != uploader:
            raise NotFound(_NO_FILE)
        return row
    ticket = get_ticket_for(user, row.ticket_id, Action.VIEW, queryset=queryset)
    if not row.public and not sees_internal(user, ticket):
        raise NotFound(_NO_FILE)
    row.ticket = ticket
    return row


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
