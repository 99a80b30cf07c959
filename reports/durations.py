"""The ONE place the reports read how long a ticket took and whether it met its targets.

They are the SLA engine's figures, stored on the ticket by the services (docs/sla.md):
business minutes of the area's calendar, pauses not counted. ``first_responded_at`` and
``first_response_business_minutes`` are set with the first public agent reply,
``resolution_business_minutes`` when the ticket is solved — in the service's transaction,
before the history entry whose event the rollups hear (``reports.receivers``). Nothing
here reads the history. After a change of how these measure, ``manage.py
rebuild_report_rollups`` recomputes the rollups with them.
"""

from __future__ import annotations

from datetime import datetime

from tickets.models import Ticket


def first_responded_at(ticket: Ticket) -> datetime | None:
    """When an agent first answered the requester publicly (portal, either API)."""
    return ticket.first_responded_at


def first_response_minutes(ticket: Ticket) -> int | None:
    """Business minutes from opening to the first public agent reply (``None``: no reply)."""
    if ticket.first_responded_at is None:
        return None
    return ticket.first_response_business_minutes


def first_response_met(ticket: Ticket) -> bool | None:
    """Whether the first reply met its target (``None``: no reply yet, or no target)."""
    if ticket.first_response_due_at is None or ticket.first_responded_at is None:
        return None
    return ticket.first_responded_at <= ticket.first_response_due_at


def resolution_minutes(ticket: Ticket) -> int | None:
    """Business minutes from opening to the solution, pauses not counted (``None`` while
    not solved)."""
    if ticket.resolved_at is None:
        return None
    return ticket.resolution_business_minutes


def resolution_met(ticket: Ticket) -> bool | None:
    """Whether the solution came by the resolution due time (``None`` while not solved)."""
    if ticket.resolved_at is None:
        return None
    return ticket.resolved_at <= ticket.sla_due_at


# The ticket columns the functions above read (the rebuild loads only these).
COLUMNS = (
    "first_responded_at",
    "first_response_business_minutes",
    "first_response_due_at",
    "resolution_business_minutes",
    "resolved_at",
    "sla_due_at",
)
