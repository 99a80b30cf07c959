"""The ONE place the reports read how long a ticket took and whether it met its targets.

Today they are wall-clock figures from what every ticket has: the first public agent
reply from the history, ``resolved_at - created_at``, ``resolved_at <= sla_due_at``.
Once the SLA engine stores business-time figures on the ticket, each function here reads
its column instead (the comment under each says which); nothing else in the reports
changes, and ``manage.py rebuild_report_rollups`` recomputes the rollups with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from accounts.models import AGENT_ROLES
from tickets.models import Activity, ActivityType, Ticket


def _minutes(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds() // 60))


def _first_replies():
    return Activity.objects.filter(
        type=ActivityType.COMMENT,
        public=True,
        actor_snapshot__rol__in=[role.value for role in AGENT_ROLES],
    )


def first_responded_at(ticket: Ticket) -> datetime | None:
    """When an agent first answered the requester publicly (portal, either API, e-mail).

    After the SLA merge: ``return ticket.first_responded_at``."""
    row = _first_replies().filter(ticket_id=ticket.pk).order_by("created_at").first()
    return row.created_at if row is not None else None


def first_responses(ticket_ids: Iterable) -> dict:
    """``{ticket id: first_responded_at}`` for many tickets in one query (the rebuild).

    After the SLA merge: ``return {pk: at for pk, at in Ticket.objects.filter(pk__in=ids,
    first_responded_at__isnull=False).values_list("pk", "first_responded_at")}``."""
    rows = (
        _first_replies()
        .filter(ticket_id__in=list(ticket_ids))
        .order_by("ticket_id", "created_at")
        .values_list("ticket_id", "created_at")
    )
    first: dict = {}
    for ticket_id, created_at in rows:
        first.setdefault(ticket_id, created_at)
    return first


def first_response_minutes(ticket: Ticket, responded_at: datetime | None) -> int | None:
    """Minutes from opening to the first public agent reply.

    After the SLA merge: ``return ticket.first_response_business_minutes``."""
    if responded_at is None:
        return None
    return _minutes(ticket.created_at, responded_at)


def first_response_met(ticket: Ticket, responded_at: datetime | None) -> bool | None:
    """Whether the first reply met its target (``None``: no reply yet, or no target).

    After the SLA merge: ``None`` without ``first_response_due_at`` or
    ``first_responded_at``, else ``ticket.first_responded_at <= ticket.first_response_due_at``."""
    return None


def resolution_minutes(ticket: Ticket) -> int | None:
    """Minutes from opening to the solution (``None`` while not solved).

    After the SLA merge: ``return ticket.resolution_business_minutes`` (when solved)."""
    if ticket.resolved_at is None:
        return None
    return _minutes(ticket.created_at, ticket.resolved_at)


def resolution_met(ticket: Ticket) -> bool | None:
    """Whether the solution came by the resolution due time (``None`` while not solved).

    ``sla_due_at`` is the resolution due time before and after the SLA merge."""
    if ticket.resolved_at is None:
        return None
    return ticket.resolved_at <= ticket.sla_due_at
