"""The calendar and targets of a ticket, read from the database as engine values."""

from datetime import timedelta

from django.db.models import Q

from accounts.models import Area, BusinessCalendar
from tickets.models import Priority
from tickets.sla.engine import ALWAYS, Calendar, Targets
from tickets.sla_models import SlaPolicy


def to_engine(row: BusinessCalendar) -> Calendar:
    """A calendar row (with its intervals and holidays prefetched) as an engine value."""
    week: dict[int, list[tuple[int, int]]] = {}
    for interval in row.intervals.all():
        week.setdefault(interval.weekday, []).append(interval.minutes)
    holidays = [h.date for h in row.holidays.all() if not h.yearly]
    yearly = [(h.date.month, h.date.day) for h in row.holidays.all() if h.yearly]
    return Calendar.build(tz=row.time_zone, week=week, holidays=holidays, yearly=yearly)


def _rows():
    return BusinessCalendar.objects.prefetch_related("intervals", "holidays")


def calendar_for_area(area: Area | None) -> Calendar:
    """The area's calendar, else the default one, else 24×7. Three queries."""
    wanted = Q(is_default=True)
    if area is not None and area.calendar_id:
        wanted |= Q(pk=area.calendar_id)
    rows = list(_rows().filter(wanted))
    own = [r for r in rows if area is not None and r.pk == area.calendar_id]
    chosen = own[0] if own else (rows[0] if rows else None)
    return to_engine(chosen) if chosen is not None else ALWAYS


class CalendarCache:
    """Calendars and targets for many tickets (a batch): each loaded once."""

    def __init__(self):
        self._calendars = {row.pk: to_engine(row) for row in _rows()}
        self._default = next(
            (self._calendars[r.pk] for r in _rows().filter(is_default=True).only("pk")), ALWAYS
        )
        self._policies = {(p.priority_id, p.area_id): p for p in SlaPolicy.objects.all()}
        self._area_calendar = dict(Area.objects.values_list("pk", "calendar_id"))

    def calendar(self, area_id) -> Calendar:
        calendar_id = self._area_calendar.get(area_id)
        return self._calendars.get(calendar_id, self._default)

    def targets(self, priority: Priority, area_id) -> Targets:
        policy = self._policies.get((priority.pk, area_id)) or self._policies.get(
            (priority.pk, None)
        )
        return _targets(priority, policy)


def _targets(priority: Priority, policy: SlaPolicy | None) -> Targets:
    hours = priority.sla_hours
    first = None
    if policy is not None:
        if policy.resolution_hours is not None:
            hours = policy.resolution_hours
        if policy.first_response_minutes is not None:
            first = timedelta(minutes=policy.first_response_minutes)
    return Targets(resolution=timedelta(hours=hours), first_response=first)


def targets_for(priority: Priority, area: Area) -> Targets:
    """The area's policy for the priority, else the priority's general policy, else the
    priority's ``sla_hours`` and no first-response target. One query."""
    policies = list(
        SlaPolicy.objects.filter(Q(area=area) | Q(area__isnull=True), priority=priority)
    )
    policy = next((p for p in policies if p.area_id == area.pk), None) or next(
        (p for p in policies if p.area_id is None), None
    )
    return _targets(priority, policy)
