"""The hot reads of the two API faces, narrowed to the columns their serialisers show.

A ticket row has some forty columns, a user fifteen; a list of 100 tickets with their
people loaded whole parses about 600 timestamps and builds every field of 180 objects.
These querysets load only what ``tickets.api.spacebring.serializers`` and
``tickets.api.mesa.serializers`` read (plus what ``tickets.permissions`` checks: the area),
with ``QuerySet.only``: fewer columns to compile, send, parse and set (measured by
``bench/scale.py``). Reading a column left out still works, at one query per object: the
query-count tests of each endpoint would show it, so a serialiser that starts showing a new
field adds it here.

Reads only: a write loads its row again, locked and whole (``tickets.services._base.lock``).
"""

from django.db.models import Prefetch, QuerySet

from accounts.models import Membership
from tickets import selectors
from tickets.models import Activity, Ticket

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
# Spacebring's activity object (``ActivitySerializer``): the membership, not the actor.
SPACEBRING_ACTIVITY = ("id", "ticket", "type", "created_at", "data", "actor_membership")

# A Mesa dashboard row (``DashboardRowSerializer``): the SLA figures read the clock fields.
MESA_ROW = (
    "id", "label", "tipo", "categoria", "subject", "requester_name", "requester_email",
    "status", "area", "priority", "assignee", "sla_resolution_minutes", "sla_due_at",
    "resolved_at", "sla_paused_at", "status_updated_at", "created_at", "updated_at",
)  # fmt: skip
MESA_ROW_RELATED = {"priority": ("name", "sla_hours"), "area": ("code",),
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
    qs = qs.select_related(*selectors.SPACEBRING_RELATED).prefetch_related(
        Prefetch("requester_membership", queryset=membership_cards()),
        Prefetch("assignee_membership", queryset=membership_cards()),
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


def spacebring_history(ticket: Ticket) -> QuerySet[Activity]:
    """The ticket's activities with what their objects show, files prefetched."""
    qs = selectors.activity_list(ticket=ticket, related=selectors.SPACEBRING_ACTIVITY_RELATED)
    related = {"actor_membership": MEMBERSHIP_CARD, "actor_membership__user": USER_CARD}
    return _only(qs, SPACEBRING_ACTIVITY, related)


def mesa_rows(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Dashboard rows: priority, area and agent joined, each with the column it shows."""
    return _only(qs.select_related(*MESA_ROW_RELATED), MESA_ROW, MESA_ROW_RELATED)


def mesa_detail(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """The full record (every ticket column) with its history, no actor joined."""
    activities = _only(Activity.objects.all(), MESA_ACTIVITY).prefetch_related(
        selectors.attachments_prefetch(public_only=False)
    )
    every_column = [field.name for field in Ticket._meta.concrete_fields]
    qs = _only(qs.select_related(*MESA_ROW_RELATED), every_column, MESA_ROW_RELATED)
    return qs.prefetch_related(Prefetch("activities", queryset=activities))
