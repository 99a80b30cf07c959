"""Why the SLA dot has its colour: each target, the business time used, every pause.

``sla_timeline(ticket)`` reads the ticket's stored due dates (the ones the lists and the
dot read), its history (for the pauses: from → to, by whom, why) and its calendar: two
queries (three without the history at hand) whatever the history's length. Times are
business time of the area's calendar.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.models import Activity, Status, Ticket
from tickets.sla import clock, engine
from tickets.sla.calendars import load_for_area
from tickets.workflow import SOLVED_STATUSES, TERMINAL_STATUSES


@dataclass
class PauseRow:
    start: datetime
    end: datetime | None  # None: still paused
    by: str
    reason: str
    resumed_by: str
    business: timedelta
    solved: bool = False  # the time solved before a reopening: the clock stood still too


@dataclass
class TargetRow:
    key: str  # "first_response" | "resolution"
    label: str
    target: timedelta
    due_at: datetime
    used: timedelta
    remaining: timedelta  # negative: over the target by that much
    state: str  # met | missed | running | overdue | paused
    done_at: datetime | None  # when it was met or missed (responded, solved)

    @property
    def over(self) -> timedelta:
        return -self.remaining


@dataclass
class SlaTimeline:
    calendar_name: str
    time_zone: str
    targets: list[TargetRow] = field(default_factory=list)
    pauses: list[PauseRow] = field(default_factory=list)


def _who(activity: Activity) -> str:
    snap = activity.actor_snapshot or {}
    return snap.get("nombre") or snap.get("email") or ""


def _pause_rows(activities, calendar, now) -> list[PauseRow]:
    """Every stop of the clock: each PAUSADO (still running or ended) and each time the
    ticket spent solved before being reopened (docs/sla.md)."""
    rows: list[PauseRow] = []
    for statuses, solved in ((frozenset({Status.PAUSADO}), False), (SOLVED_STATUSES, True)):
        current = None
        for activity in activities:
            status = (activity.data or {}).get("status")
            if status is None:
                continue
            if status in statuses and current is None:
                current = activity
            elif status not in statuses and current is not None:
                rows.append(_row(current, activity, calendar, activity.created_at, solved))
                current = None
        if current is not None and not solved:  # solved now: the card says "Solved"
            rows.append(_row(current, None, calendar, now, solved))
    return sorted(rows, key=lambda row: row.start)


def _row(begin: Activity, end: Activity | None, calendar, until, solved: bool) -> PauseRow:
    return PauseRow(
        begin.created_at,
        end.created_at if end is not None else None,
        _who(begin),
        (begin.data or {}).get("reason", ""),
        _who(end) if end is not None else "",
        engine.business_time_between(calendar, begin.created_at, until),
        solved,
    )


def _state(ticket: Ticket, due: datetime, done: datetime | None, end: datetime, now) -> str:
    if done is not None:
        return "met" if done <= due else "missed"
    stopped = (
        ticket.resolved_at is not None
        or ticket.status in TERMINAL_STATUSES
        or ticket.sla_paused_at is not None
    )
    if stopped:  # without being done: paused, solved unanswered, cancelled, archived
        if ticket.sla_paused_at is not None and ticket.status not in TERMINAL_STATUSES:
            return "overdue" if due < end else "paused"
        return "met" if end <= due else "missed"
    return "overdue" if now > due else "running"


def sla_timeline(ticket: Ticket, *, activities=None, now: datetime | None = None) -> SlaTimeline:
    """``activities``: the ticket's whole history, oldest first, when the caller has it
    already (the ticket page does); loaded otherwise."""
    now = now or timezone.now()
    row, calendar = load_for_area(ticket.area)
    if activities is None:
        activities = (
            Activity.objects.filter(ticket=ticket)
            .only("created_at", "data", "actor_snapshot")
            .order_by("created_at", "id")
        )
    activities = list(activities)
    pauses = clock.stops_from(clock.status_history(activities))
    clock_end = ticket.sla_clock_end(now)
    result = SlaTimeline(
        calendar_name=row.name if row is not None else "24×7",
        time_zone=str(calendar.tz),
        pauses=_pause_rows(activities, calendar, now),
    )

    def used(until: datetime) -> timedelta:
        elapsed = engine.business_time_between(calendar, ticket.created_at, until)
        return max(elapsed - engine.paused_time(calendar, pauses, until), engine.ZERO)

    if ticket.first_response_due_at is not None and ticket.sla_first_response_minutes:
        target = timedelta(minutes=ticket.sla_first_response_minutes)
        done = ticket.first_responded_at
        spent = used(done or clock_end)
        result.targets.append(
            TargetRow(
                "first_response",
                _("First response"),
                target,
                ticket.first_response_due_at,
                spent,
                target - spent,
                _state(ticket, ticket.first_response_due_at, done, clock_end, now),
                done,
            )
        )
    target = timedelta(hours=ticket.sla_hours)
    if ticket.sla_resolution_minutes is not None:
        target = timedelta(minutes=ticket.sla_resolution_minutes)
    spent = used(clock_end)
    result.targets.append(
        TargetRow(
            "resolution",
            _("Resolution"),
            target,
            ticket.sla_due_at,
            spent,
            target - spent,
            _state(ticket, ticket.sla_due_at, ticket.resolved_at, clock_end, now),
            ticket.resolved_at,
        )
    )
    return result
