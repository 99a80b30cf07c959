"""Reads. Every function returns a queryset (or one row) with the joins its callers need,
so lists run a fixed number of queries whatever their length."""

from django.db.models import (
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils.translation import gettext_lazy as _

from accounts.models import AGENT_ROLES, Membership
from tickets.access import (
    Action,
    requester_tickets,
    sees_internal,
    ticket_for,
    visible_areas_q,
    visible_tickets,
)
from tickets.errors import NotFound
from tickets.models import (
    OPEN_Q,
    Activity,
    ActivityType,
    Attachment,
    Ticket,
    TicketCounter,
)
from tickets.selectors.search import ticket_search  # noqa: F401 - the one search, a selector too
from tickets.sla import status as sla_status
from tickets.sla.calendars import engine_calendars
from tickets.workflow import sla_clock_end_expression

_NO_FILE = _("File not found.")

# Joined into every ticket list. Kept to five joins: PostgreSQL spends ~20 ms planning a
# query that also joins both memberships and their users (measured: bench/bench_lists.py),
# so memberships are prefetched, and only where a face shows them (``with_memberships``).
TICKET_RELATED = ("priority", "area", "location", "requester", "assignee")
# Narrower joins for the hot API reads: each joins only what its face shows (fewer joins
# to compile, plan and turn into objects; measured by bench/scale.py).
SPACEBRING_RELATED = ("requester", "assignee")  # + memberships (``with_memberships``)
# One ticket: its memberships joined too, their users taken from the ticket's own
# (``share_membership_users``): fewer joins for the planner than membership → user.
SPACEBRING_ONE_RELATED = (*SPACEBRING_RELATED, "requester_membership", "assignee_membership")
MESA_RELATED = ("priority", "area", "assignee")
LIST_ROW_RELATED = MESA_RELATED  # the portal's rows show the same


# What the requester's ticket page shows of a ticket.
PUBLIC_TICKET_RELATED = ("priority", "area", "location", "follows", "merged_into")


def ticket_list(
    *, user, queryset: QuerySet[Ticket] | None = None, related: tuple = TICKET_RELATED
) -> QuerySet[Ticket]:
    """The tickets ``user`` may see, newest first, with everything a row shows."""
    return visible_tickets(user, queryset).select_related(*related)


def sla_resolution_breached_q(now) -> Q:
    """Tickets past their resolution due time: ``Ticket.sla_breached`` as a filter (the
    clock stopped, or now is, after the due instant: ``workflow.sla_clock_end_expression``)."""
    return Q(sla_due_at__lt=sla_clock_end_expression(now))


def sla_breached_q(now) -> Q:
    """Tickets that missed either target (``tickets.sla.status.breached`` as a filter):
    what the dot shows as overdue / missed, the report counts as missed."""
    return sla_resolution_breached_q(now) | sla_status.first_response_breached_q(now)


def share_membership_users(ticket: Ticket) -> Ticket:
    """Give the joined requester/assignee memberships the ticket's joined users when they
    are the same person (as ``ticket_create`` / ``ticket_assign`` record them), so reading
    ``membership.user`` costs no query; a membership of someone else still loads its own."""
    pairs = (
        ("requester_membership", "requester"),
        ("assignee_membership", "assignee"),
    )
    for membership_name, user_name in pairs:
        if not Ticket._meta.get_field(membership_name).is_cached(ticket):
            continue
        membership, user = getattr(ticket, membership_name), getattr(ticket, user_name)
        if membership is not None and user is not None and membership.user_id == user.pk:
            Membership.user.field.set_cached_value(membership, user)
    return ticket


def sla_running_q() -> Q:
    """Tickets whose SLA clock still runs: not paused, solved, closed, cancelled nor
    archived."""
    return sla_status.running_q()


def sla_breaching_soon_q(now, window) -> Q:
    """Running tickets not yet breached with a pending target due within ``window`` of
    business time of their area's calendar (the dot's rule)."""
    return sla_status.breaching_soon_q(engine_calendars(), now, window)


def sla_due_within_q(now, window) -> Q:
    """The "breaching soon" view: open tickets already breached (either target) or, running,
    with a pending target due within ``window`` of business time."""
    horizon = sla_status.horizon_q(engine_calendars(), now, window)
    return OPEN_Q & (horizon | sla_breached_q(now))


def sla_alerts_due(now, window) -> tuple[QuerySet[Ticket], QuerySet[Ticket], QuerySet[Ticket]]:
    """(tickets to warn: resolution due within ``window`` of business time, tickets to
    alert as breached, tickets whose first response is overdue): running, not yet
    alerted of that kind. Walks the ``sla_due_at`` and
    ``first_response_due_at`` indexes; ids only."""
    running = Ticket.objects.filter(sla_running_q())
    soon = sla_status.horizon_q(engine_calendars(), now, window, first_response=False)
    warn = running.filter(soon, sla_warned_at__isnull=True, sla_due_at__gte=now)
    breach = running.filter(sla_breach_alerted_at__isnull=True, sla_due_at__lt=now)
    unanswered = running.filter(
        first_response_alerted_at__isnull=True,
        first_responded_at__isnull=True,
        first_response_due_at__lt=now,
    )
    return (
        warn.order_by("sla_due_at").values_list("pk", flat=True),
        breach.order_by("sla_due_at").values_list("pk", flat=True),
        unanswered.order_by("first_response_due_at").values_list("pk", flat=True),
    )


def with_memberships(
    qs: QuerySet[Ticket], memberships: QuerySet[Membership] | None = None
) -> QuerySet[Ticket]:
    """Requester and assignee memberships with their users (or as ``memberships`` loads
    them): two extra queries per list."""
    if memberships is None:
        memberships = Membership.objects.select_related("user")
    return qs.prefetch_related(
        Prefetch("requester_membership", queryset=memberships),
        Prefetch("assignee_membership", queryset=memberships),
    )


def attachments_prefetch(public_only: bool) -> Prefetch:
    rows = Attachment.objects.filter(public=True) if public_only else Attachment.objects.all()
    return Prefetch("attachments", queryset=rows.order_by("created_at", "id"))


ACTIVITY_RELATED = ("actor", "actor_membership__user")
# The Spacebring face shows an entry's membership (with its user), never the actor itself.
SPACEBRING_ACTIVITY_RELATED = ("actor_membership__user",)


def activity_list(
    *, ticket: Ticket, public_only: bool = False, related: tuple = ACTIVITY_RELATED
) -> QuerySet[Activity]:
    """A ticket's history, oldest first, with ``related`` joined (the actor and its
    membership) and its files prefetched (one extra query whatever the length)."""
    qs = Activity.objects.filter(ticket=ticket).select_related(*related)
    if public_only:
        qs = qs.public()
    return qs.prefetch_related(attachments_prefetch(public_only))


def attachment_for(user, key: str, *, queryset: QuerySet[Ticket] | None = None) -> Attachment:
    """The attachment ``key`` if ``user`` may download it: ``ticket_for(VIEW)`` on its
    ticket (within ``queryset``, e.g. the caller's network), and an internal file only
    for those who read internal entries. An upload not yet tied to a ticket is its
    uploader's only. Anything else is the same ``NotFound`` as an unknown key, except
    the 403 ``ticket_for`` gives an agent of another area."""
    row = Attachment.objects.filter(key=str(key or "")[:64]).first()
    if row is None:
        raise NotFound(_NO_FILE)
    if row.ticket_id is None:
        uploader = getattr(user, "pk", None)
        if uploader is None or row.uploaded_by_id != uploader:
            raise NotFound(_NO_FILE)
        return row
    ticket = ticket_for(user, id=row.ticket_id, action=Action.VIEW, queryset=queryset)
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


def counter_rows(*, user) -> list[tuple[int, str, str, int]]:
    """(area id, area name, status, count) the user may see: one query over the counters
    (``TicketCounter``, exact, kept by triggers), never over the tickets."""
    qs = TicketCounter.objects.filter(visible_areas_q(user), count__gt=0)
    return list(qs.values_list("area_id", "area__name", "status", "count"))


def ticket_count(*, user, status: str | None = None, area_q: Q | None = None) -> int:
    """How many tickets the user sees (optionally of one status / matching areas), from
    the counters: one query whatever the table size."""
    qs = TicketCounter.objects.filter(visible_areas_q(user))
    if status is not None:
        qs = qs.filter(status=status)
    if area_q is not None:
        qs = qs.filter(area_q)
    return qs.aggregate(n=Sum("count"))["n"] or 0


def capped_count(qs: QuerySet, cap: int) -> int:
    """``min(qs.count(), cap)``, reading at most ``cap`` rows."""
    return qs.order_by()[:cap].count()


def offset_page(qs: QuerySet[Ticket], *, start: int, limit: int) -> list[Ticket]:
    """``qs[start:start + limit]`` with the skipping done on the ids alone: the inner query
    walks the ordering's index (index-only), then the page's rows are joined. One query."""
    if start == 0:
        return list(qs[:limit])
    ids = qs.values("pk")[start : start + limit]
    return list(qs.filter(pk__in=ids))


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
