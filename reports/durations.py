"""The ONE place the reports read how long a ticket took and whether it met its targets.

They are the SLA engine's figures, stored on the ticket by the services (docs/sla.md):
business minutes of the area's calendar, pauses not counted. ``first_responded_at`` and
``first_response_business_minutes`` are set with the first public agent reply,
``resolution_business_minutes`` when the ticket is solved — in the service's transaction,
before the history entry whose event the rollups hear (``reports.receivers``). Nothing
here reads the history. After a change of how these measure, ``manage.py
rebuild_report_rollups`` recomputes the rollups with them.

Met and missed (issue 28): a breach counts when it happens — an open ticket past its
resolution due time is missed on the day of that due time ("breached, still open"), a
first response that did not come by its due time is missed on that day; a target met
counts on the day it was met. The SLA alerts (``tickets.sla_alerts``, every minute) are
the events that move an open ticket's verdict when nothing else happens to it.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from tickets.models import Ticket
from tickets.selectors.sla import first_response_breached
from tickets.workflow import closed_at


def first_responded_at(ticket: Ticket) -> datetime | None:
    """When an agent first answered the requester publicly (portal, either API)."""
    return ticket.first_responded_at


def first_response_minutes(ticket: Ticket) -> int | None:
    """Business minutes from opening to the first public agent reply (``None``: no reply)."""
    if ticket.first_responded_at is None:
        return None
    return ticket.first_response_business_minutes


def first_response_met(ticket: Ticket, now: datetime | None = None) -> bool | None:
    """Whether the first-response target was met, as the SLA card says: a reply by the
    due time, or the clock stopped (solved, cancelled, archived) before it, met; a reply
    after it, or none by then, missed — counted when the breach happens, not when (if
    ever) the reply comes. ``None``: no target, or not decided yet."""
    due = ticket.first_response_due_at
    if due is None:
        return None
    if ticket.first_responded_at is not None:
        return ticket.first_responded_at <= due
    if first_response_breached(ticket, now or timezone.now()):
        return False
    if closed_at(ticket) is not None:
        return True
    return None


def first_response_decided_at(ticket: Ticket, met: bool | None) -> datetime | None:
    """When the first-response verdict happened: the reply (or where the clock stopped)
    when met, the due time when missed."""
    if met is None:
        return None
    if not met:
        return ticket.first_response_due_at
    return ticket.first_responded_at or ticket.sla_clock_end()


def resolution_minutes(ticket: Ticket) -> int | None:
    """Business minutes from opening to the solution, pauses not counted (``None`` while
    not solved)."""
    if ticket.resolved_at is None:
        return None
    return ticket.resolution_business_minutes


def resolution_met(ticket: Ticket, now: datetime | None = None) -> bool | None:
    """Whether the solution came by the resolution due time: met when solved by then,
    missed when solved later or — solved or not — once the clock runs past it (an open
    ticket past due is missed when the breach happens: "breached, still open").
    ``None``: not solved and not breached (running in time, paused in time, cancelled)."""
    if ticket.resolved_at is not None:
        return ticket.resolved_at <= ticket.sla_due_at
    if ticket.sla_breached(now or timezone.now()):
        return False
    return None


def resolution_decided_at(ticket: Ticket, met: bool | None) -> datetime | None:
    """When the resolution verdict happened: the solution when met, the due time when
    missed (the breach)."""
    if met is None:
        return None
    return ticket.resolved_at if met else ticket.sla_due_at


# The ticket columns the functions above read (the rebuild loads only these).
COLUMNS = (
    "first_responded_at",
    "first_response_business_minutes",
    "first_response_due_at",
    "resolution_business_minutes",
    "resolved_at",
    "sla_due_at",
    "sla_paused_at",
    "status",
    "status_updated_at",
)
