"""The SLA columns of a ticket, kept by the services as they change it (docs/sla.md).

``start`` sets the targets and due dates of a new ticket. ``lock`` (``services._base``)
remembers what a loaded ticket was (``remember``); ``before_save`` then applies what the
change means for the clock:

- into PAUSADO: ``sla_paused_at``; out of it: the due dates still ahead move by the
  business time paused (``engine.resume``), ``sla_paused_seconds`` grows;
- a new priority or area: targets and due dates recomputed from the history with the new
  target and calendar (``engine.recompute``);
- solved: ``resolution_business_minutes``; the clock stops there. Reopened: every column
  recomputed from the history (``recompute_from_history``) with the area's calendar and
  targets of now, the time spent solved counted like a pause.

``first_response`` marks the first public agent reply. ``recompute_tickets`` is the
background recomputation after a calendar or policy change.
"""

from datetime import datetime, timedelta

from tickets.models import Activity, Status, Ticket
from tickets.sla import engine
from tickets.sla.calendars import calendar_for_area, targets_for
from tickets.sla.engine import Calendar, Targets
from tickets.workflow import SOLVED_STATUSES

PAUSED = Status.PAUSADO
SLA_FIELDS = [
    "sla_due_at",
    "sla_resolution_minutes",
    "sla_first_response_minutes",
    "first_response_due_at",
    "sla_paused_at",
    "sla_paused_seconds",
    "first_response_business_minutes",
    "resolution_business_minutes",
]


def _minutes(delta: timedelta | None) -> int | None:
    return None if delta is None else int(delta.total_seconds() // 60)


def remember(ticket: Ticket) -> None:
    ticket._sla_loaded = (ticket.status, ticket.priority_id, ticket.area_id)


def _set_targets(ticket: Ticket, targets: Targets) -> None:
    ticket.sla_resolution_minutes = _minutes(targets.resolution)
    ticket.sla_first_response_minutes = _minutes(targets.first_response)


def start(ticket: Ticket) -> None:
    """Targets and due dates of a ticket being opened (at ``created_at``)."""
    calendar = calendar_for_area(ticket.area)
    targets = targets_for(ticket.priority, ticket.area)
    _set_targets(ticket, targets)
    ticket.sla_paused_seconds = 0
    ticket.sla_due_at = engine.add_business_time(calendar, ticket.created_at, targets.resolution)
    ticket.first_response_due_at = (
        engine.add_business_time(calendar, ticket.created_at, targets.first_response)
        if targets.first_response is not None
        else None
    )
    remember(ticket)


def used(ticket: Ticket, calendar: Calendar, at: datetime) -> timedelta:
    """Business time the clock ran from opening to ``at``, pauses (and time solved) not
    counted."""
    paused = timedelta(seconds=ticket.sla_paused_seconds or 0)
    stopped_at = ticket.sla_paused_at or ticket.resolved_at
    if stopped_at is not None and at > stopped_at:
        paused += engine.business_time_between(calendar, stopped_at, at)
    return max(engine.business_time_between(calendar, ticket.created_at, at) - paused, engine.ZERO)


def before_save(ticket: Ticket, now: datetime) -> None:
    loaded = getattr(ticket, "_sla_loaded", None)
    if loaded is None:
        return
    status, priority_id, area_id = loaded
    calendar = None
    reopened = status in SOLVED_STATUSES and ticket.status not in SOLVED_STATUSES
    if reopened or (priority_id, area_id) != (ticket.priority_id, ticket.area_id):
        calendar = calendar_for_area(ticket.area)
        recompute_from_history(
            ticket, calendar, targets_for(ticket.priority, ticket.area), current=now
        )
    elif status != PAUSED and ticket.status == PAUSED:
        ticket.sla_paused_at = now
    elif status == PAUSED and ticket.status != PAUSED and ticket.sla_paused_at is not None:
        calendar = calendar_for_area(ticket.area)
        paused_at = ticket.sla_paused_at
        ticket.sla_due_at = engine.resume(calendar, ticket.sla_due_at, paused_at, now)
        if ticket.first_response_due_at is not None and ticket.first_responded_at is None:
            ticket.first_response_due_at = engine.resume(
                calendar, ticket.first_response_due_at, paused_at, now
            )
        paused = engine.business_time_between(calendar, paused_at, now)
        ticket.sla_paused_seconds = (ticket.sla_paused_seconds or 0) + int(paused.total_seconds())
        ticket.sla_paused_at = None
    if ticket.resolved_at is None:
        ticket.resolution_business_minutes = None
    elif ticket.resolution_business_minutes is None:
        calendar = calendar or calendar_for_area(ticket.area)
        ticket.resolution_business_minutes = _minutes(used(ticket, calendar, ticket.resolved_at))
    remember(ticket)


def first_response(ticket: Ticket, now: datetime) -> None:
    """The first public agent reply: stamps ``first_responded_at`` once, ever."""
    if ticket.first_responded_at is not None:
        return
    ticket.first_responded_at = now
    calendar = calendar_for_area(ticket.area)
    ticket.first_response_business_minutes = _minutes(used(ticket, calendar, now))


def status_history(activities) -> list[tuple[datetime, str]]:
    """``(when, status)`` of the entries that set a status (``data["status"]``), in order."""
    return [(a.created_at, a.data["status"]) for a in activities if "status" in (a.data or {})]


def stops_from(statuses: list[tuple[datetime, str]]) -> list[engine.Pause]:
    """When the clock stood still: each PAUSADO, and each time solved (RESUELTO/CERRADO)
    until reopened — the time a ticket spends solved does not count (docs/sla.md). A
    pause that ends in a solution ends there; the solved stop begins at that instant."""
    pauses = engine.pauses_from(statuses, PAUSED)
    solved = engine.pauses_from(statuses, SOLVED_STATUSES)
    return sorted(pauses + solved, key=lambda stop: stop[0])


def recompute_from_history(
    ticket: Ticket,
    calendar: Calendar,
    targets: Targets,
    *,
    activities=None,
    current: datetime | None = None,
) -> None:
    """Every SLA column of ``ticket`` from scratch: its history (``activities``, loaded when
    not given) plus, with ``current``, the status being saved now (not yet in history)."""
    if activities is None:
        activities = Activity.objects.filter(ticket=ticket).only("created_at", "data")
        activities = activities.order_by("created_at", "id")
    statuses = status_history(activities)
    if current is not None:
        statuses.append((current, ticket.status))
    pauses = stops_from(statuses)
    dates = engine.recompute(
        calendar, targets, ticket.created_at, pauses, first_responded_at=ticket.first_responded_at
    )
    _set_targets(ticket, targets)
    ticket.sla_due_at = dates.resolution_due_at
    ticket.first_response_due_at = dates.first_response_due_at
    # ``sla_paused_at`` is the PAUSADO in course; a solved ticket's clock stops at
    # ``resolved_at`` (``Ticket.sla_clock_end``).
    ticket.sla_paused_at = dates.paused_at if ticket.status == PAUSED else None
    ticket.sla_paused_seconds = int(dates.paused.total_seconds())
    if ticket.first_responded_at is not None:
        ticket.first_response_business_minutes = _minutes(
            engine.business_time_between(calendar, ticket.created_at, ticket.first_responded_at)
            - engine.paused_time(calendar, pauses, ticket.first_responded_at)
        )
    if ticket.resolved_at is not None:
        ticket.resolution_business_minutes = _minutes(
            engine.business_time_between(calendar, ticket.created_at, ticket.resolved_at)
            - engine.paused_time(calendar, pauses, ticket.resolved_at)
        )
