"""The one SLA rule every screen reads (issue 28, docs/sla.md): the dot of the lists and
the ticket page, the "breaching soon" view, the queue's order, the Mesa fields
``horasRestantes`` / ``slaVencido`` and the report's open breaches.

- **Breached** is an exact comparison of instants, never of a rounded figure: a target is
  missed when the clock stopped (or now is, while it runs) after its due instant
  (``Ticket.sla_breached`` for resolution; ``first_response_breached`` for the first
  public reply, which is missed when it came late or has not come by then).
- **Time left** is business time of the area's calendar (``engine.business_time_between``)
  from where the clock is — now, or where it stopped: solved, cancelled, archived,
  paused — to the due instant; negative once over.
- **The dot** follows the most urgent target still pending (first response while nobody
  has answered, resolution): red at most 2 business hours left, yellow at most 8, green
  beyond; overdue / missed once either target is breached.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q

from tickets.models import Ticket
from tickets.sla import engine
from tickets.sla.calendars import Calendars
from tickets.sla.engine import Calendar
from tickets.workflow import CLOCK_STOPPED_STATUSES, TERMINAL_STATUSES, sla_clock_end_expression

RED_HOURS = 2
YELLOW_HOURS = 8
HOUR = timedelta(hours=1)


def first_response_pending(ticket: Ticket) -> bool:
    """A first-response target nobody has met yet."""
    return ticket.first_response_due_at is not None and ticket.first_responded_at is None


def first_response_breached(ticket: Ticket, now: datetime) -> bool:
    due = ticket.first_response_due_at
    if due is None:
        return False
    if ticket.first_responded_at is not None:
        return due < ticket.first_responded_at
    return due < ticket.sla_clock_end(now)


def breached(ticket: Ticket, now: datetime) -> bool:
    """Either target missed (the report's and the dot's rule)."""
    return ticket.sla_breached(now) or first_response_breached(ticket, now)


def business_left(calendar: Calendar, ticket: Ticket, due: datetime, now: datetime) -> timedelta:
    """Business time from where the clock is to ``due`` (negative: over by that much)."""
    return engine.business_time_between(calendar, ticket.sla_clock_end(now), due)


def hours_left(calendar: Calendar, ticket: Ticket, now: datetime) -> float:
    """Mesa ``horasRestantes``: business hours until ``fechaLimiteSla`` (resolution) from
    where the clock is, rounded down to the hundredth — so it is negative exactly when
    ``slaVencido`` is (a ticket solved seconds late reads ``-0.01``, never ``-0.0``)."""
    left = math.floor(business_left(calendar, ticket, ticket.sla_due_at, now) / HOUR * 100) / 100
    if ticket.sla_breached(now):
        return min(left, -0.01)
    return max(left, 0.0)


def _paused(ticket: Ticket) -> bool:
    return ticket.sla_paused_at is not None and ticket.resolved_at is None


def _stopped(ticket: Ticket) -> bool:
    """Solved, closed, cancelled or archived (``Ticket.sla_clock_end`` is not now)."""
    return ticket.resolved_at is not None or ticket.status in TERMINAL_STATUSES


def dot(calendar: Calendar, ticket: Ticket, now: datetime) -> str:
    """``met``, ``missed``, ``paused``, ``overdue``, ``red``, ``yellow`` or ``green``
    (``portal.sla``'s table)."""
    missed = breached(ticket, now)
    if _paused(ticket):
        return "overdue" if missed else "paused"
    if _stopped(ticket):
        return "missed" if missed else "met"
    if missed:
        return "overdue"
    dues = [ticket.sla_due_at]
    if first_response_pending(ticket):
        dues.append(ticket.first_response_due_at)
    left = min(business_left(calendar, ticket, due, now) for due in dues)
    if left <= RED_HOURS * HOUR:
        return "red"
    if left <= YELLOW_HOURS * HOUR:
        return "yellow"
    return "green"


@dataclass(frozen=True)
class Resolution:
    """The ticket page's line beside the resolution due time."""

    state: str  # met | missed | overdue | running | paused
    hours: float  # business hours left, or over (never negative)


def resolution(calendar: Calendar, ticket: Ticket, now: datetime) -> Resolution:
    over = ticket.sla_breached(now)
    hours = abs(business_left(calendar, ticket, ticket.sla_due_at, now) / HOUR)
    if _paused(ticket):
        state = "overdue" if over else "paused"
    elif _stopped(ticket):
        state = "missed" if over else "met"
    else:
        state = "overdue" if over else "running"
    return Resolution(state, hours)


# --- the same rule for querysets ----------------------------------------------------------


def running_q() -> Q:
    """Tickets whose clock runs: not paused, solved, closed, cancelled nor archived."""
    stopped = sorted(CLOCK_STOPPED_STATUSES)
    return Q(resolved_at__isnull=True, sla_paused_at__isnull=True) & ~Q(status__in=stopped)


def first_response_breached_q(now: datetime) -> Q:
    """``first_response_breached`` as a filter: answered late, or unanswered when the clock
    stopped (or now, while it runs): ``tickets.workflow.sla_clock_end_expression``."""
    unanswered = Q(first_response_due_at__isnull=False, first_responded_at__isnull=True)
    return Q(first_response_due_at__lt=F("first_responded_at")) | unanswered & Q(
        first_response_due_at__lt=sla_clock_end_expression(now)
    )


def horizon_q(
    calendars: Calendars, now: datetime, window: timedelta, *, first_response: bool = True
) -> Q:
    """Running tickets with a pending target (``first_response=False``: the resolution
    only) due within ``window`` of business time of their area's calendar (overdue ones
    included): per calendar, the instant ``window`` of its business time after ``now``.
    One condition per calendar, no per-row work."""
    conditions = Q()
    for calendar_id, calendar in calendars.in_use().items():
        until = engine.add_business_time(calendar, now, window)
        due = Q(sla_due_at__lte=until)
        if first_response:
            due |= Q(first_responded_at__isnull=True, first_response_due_at__lte=until)
        if calendar_id is None:
            area = Q(area__calendar__isnull=True)
        else:
            area = Q(area__calendar_id=calendar_id)
        conditions |= area & due
    return running_q() & conditions


def breaching_soon_q(calendars: Calendars, now: datetime, window: timedelta) -> Q:
    """Running tickets not yet breached (neither target) with a pending target due
    within ``window`` of business time."""
    not_breached = Q(sla_due_at__gte=now) & ~first_response_breached_q(now)
    return horizon_q(calendars, now, window) & not_breached
