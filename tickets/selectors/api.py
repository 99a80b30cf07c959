"""The hot reads of the two API faces, narrowed to the columns their serialisers show.

A ticket row has some forty columns, a user fifteen; a list of 100 tickets with their
people loaded whole parses about 600 timestamps and builds every field of 180 objects.
These querysets load only what ``api_spacebring.serializers`` and
``api_mesa.serializers`` read (plus what ``tickets.access`` checks: the area),
with ``QuerySet.only``: fewer columns to compile, send, parse and set (measured by
``bench/scale.py``). Reading a column left out still works, at one query per object: the
query-count tests of each endpoint would show it, so a serialiser that starts showing a new
field adds it here.

Reads only: a write loads its row again, locked and whole (``tickets.services._base.lock``).
"""

from collections import defaultdict

from django.db.models import QuerySet, UUIDField

from accounts.models import Membership
from core.precompiled import Param, Precompiled
from tickets import selectors
from tickets.models import Activity, ActivityType, Attachment, Ticket

# A person as the faces show one: Spacebring's user object (``blocked`` is ``is_active``),
# Mesa's agent name (name, surname, else e-mail).
USER_CARD = ("id", "photo_url", "name", "surname", "email", "phone", "is_active")
MEMBERSHIP_CARD = ("id", "role_type", "type", "user")

# Spacebring's ticket object (``TicketSerializer``), and the area the permission check reads.
SPACEBRING_TICKET = (
    "id", "number", "location", "type", "status", "description", "created_at", "updated_at",
    "status_updated_at", "area", "requester", "assignee", "requester_membership",
    "assignee_membership",
)  # fmt: skip
# The activity types the Spacebring face shows (its contract's four).
SPACEBRING_ACTIVITY_TYPES = (
    ActivityType.TICKET_CREATED,
    ActivityType.STATUS_UPDATED,
    ActivityType.ASSIGNEE_UPDATED,
    ActivityType.COMMENT,
)
# Spacebring's activity object (``ActivitySerializer``): the membership, not the actor.
SPACEBRING_ACTIVITY = ("id", "ticket", "type", "created_at", "data", "actor_membership")

# A Mesa dashboard row (``DashboardRowSerializer``): the SLA figures read the clock fields.
MESA_ROW = (
    "id", "label", "tipo", "categoria", "subject", "requester_name", "requester_email",
    "status", "area", "priority", "assignee", "sla_resolution_minutes", "sla_due_at",
    "resolved_at", "sla_paused_at", "status_updated_at", "created_at", "updated_at",
    "first_response_due_at", "first_responded_at",
)  # fmt: skip
MESA_ROW_RELATED = {"priority": ("name", "sla_hours"), "area": ("code", "calendar"),
                    "assignee": ("name", "surname", "email")}  # fmt: skip
# A Mesa history entry (``history.agent_entry``): the actor is the snapshot, no join.
MESA_ACTIVITY = ("id", "ticket", "type", "created_at", "data", "public", "actor_snapshot")


def _only(qs: QuerySet, fields, related: dict[str, tuple] | None = None) -> QuerySet:
    names = list(fields)
    for relation, columns in (related or {}).items():
        names += [f"{relation}__{column}" for column in columns]
    return qs.only(*names)


def membership_cards() -> QuerySet[Membership]:
    """Memberships with their users, as the Spacebring objects show them."""
    return _only(Membership.objects.select_related("user"), MEMBERSHIP_CARD, {"user": USER_CARD})


def spacebring_list(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Ticket objects for a list: people joined, memberships in two small queries."""
    qs = selectors.with_memberships(
        qs.select_related(*selectors.SPACEBRING_RELATED), memberships=membership_cards()
    )
    return _only(qs, SPACEBRING_TICKET, {"requester": USER_CARD, "assignee": USER_CARD})


def spacebring_one(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """One ticket object: people and memberships joined (the memberships' users are the
    ticket's own, ``selectors.share_membership_users``)."""
    related = {
        "requester": USER_CARD,
        "assignee": USER_CARD,
        "requester_membership": MEMBERSHIP_CARD,
        "assignee_membership": MEMBERSHIP_CARD,
    }
    return _only(qs.select_related(*selectors.SPACEBRING_ONE_RELATED), SPACEBRING_TICKET, related)


def _history(ticket) -> QuerySet[Activity]:
    """``selectors.activity_list`` without joins nor files (``_with_files``): oldest first."""
    return Activity.objects.filter(ticket=ticket)


# The files of a ticket's history, in the order ``selectors.attachments_prefetch`` gives.
_FILES = Precompiled(
    lambda: Attachment.objects.filter(activity__ticket=Param("ticket", UUIDField())).order_by(
        "created_at", "id"
    )
)


def _with_files(activities: list[Activity], ticket: Ticket) -> list[Activity]:
    """Each activity's ``attachments`` as ``prefetch_related("attachments")`` leaves them
    (``activity.attachments.all()`` runs no query), from one precompiled query: the
    prefetch machinery builds and compiles its query on every call."""
    by_activity = defaultdict(list)
    if activities:
        for row in _FILES.list(ticket=ticket.pk):
            by_activity[row.activity_id].append(row)
    for activity in activities:
        files = Attachment.objects.all()
        files._result_cache, files._prefetch_done = by_activity[activity.pk], True
        activity._prefetched_objects_cache = {"attachments": files}
    return activities


# The one-row reads every detail request makes, compiled once (``core.precompiled``).
_SPACEBRING_ONE = Precompiled(
    lambda: spacebring_one(
        Ticket.objects.filter(
            location__network_id=Param("network", UUIDField()), pk=Param("pk", UUIDField())
        )
    ).order_by()[:1]
)


def spacebring_ticket(*, network_id, pk) -> Ticket | None:
    """The ticket ``pk`` of the network, as ``spacebring_one`` loads it, or ``None``."""
    return _SPACEBRING_ONE.first(network=network_id, pk=pk)


_SPACEBRING_HISTORY = Precompiled(
    lambda: _only(
        _history(Param("ticket", UUIDField()))
        .select_related(*selectors.SPACEBRING_ACTIVITY_RELATED)
        .filter(type__in=SPACEBRING_ACTIVITY_TYPES),
        SPACEBRING_ACTIVITY,
        {"actor_membership": MEMBERSHIP_CARD, "actor_membership__user": USER_CARD},
    )
)


def spacebring_history(ticket: Ticket) -> list[Activity]:
    """The ticket's activities of Spacebring's four types, oldest first, with what their
    objects show; files prefetched."""
    return _with_files(_SPACEBRING_HISTORY.list(ticket=ticket.pk), ticket)


def mesa_rows(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Dashboard rows: priority, area and agent joined, each with the column it shows."""
    return _only(qs.select_related(*MESA_ROW_RELATED), MESA_ROW, MESA_ROW_RELATED)


_MESA_TICKET = Precompiled(
    lambda: _only(
        Ticket.objects.select_related(*MESA_ROW_RELATED).filter(pk=Param("pk", UUIDField())),
        [field.name for field in Ticket._meta.concrete_fields],  # the full record
        MESA_ROW_RELATED,
    ).order_by()[:1]
)
_MESA_HISTORY = Precompiled(
    lambda: _only(
        _history(Param("ticket", UUIDField())),
        MESA_ACTIVITY,
    )
)


def mesa_ticket(pk) -> Ticket | None:
    """The full record (every ticket column; priority, area and agent as rows show them),
    or ``None``."""
    return _MESA_TICKET.first(pk=pk)


def mesa_history(ticket: Ticket) -> list[Activity]:
    """Its whole history, oldest first, files prefetched; no actor joined (an entry shows
    its snapshot)."""
    return _with_files(_MESA_HISTORY.list(ticket=ticket.pk), ticket)
