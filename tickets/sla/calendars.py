"""The calendar and targets of a ticket, read from the database as engine values."""

from datetime import timedelta

from django.db.models import Q

from accounts.models import Area, BusinessCalendar, Holiday, WorkingInterval
from tickets.models import Priority
from tickets.sla.engine import ALWAYS, Calendar, Targets
from tickets.sla_models import SlaPolicy


def to_engine(row: BusinessCalendar, intervals=None, holidays=None) -> Calendar:
    """A calendar row as an engine value (its intervals and holidays given or prefetched)."""
    intervals = row.intervals.all() if intervals is None else intervals
    holidays = list(row.holidays.all() if holidays is None else holidays)
    week: dict[int, list[tuple[int, int]]] = {}
    for interval in intervals:
        week.setdefault(interval.weekday, []).append(interval.minutes)
    return Calendar.build(
        tz=row.time_zone,
        week=week,
        holidays=[h.date for h in holidays if not h.yearly],
        yearly=[(h.date.month, h.date.day) for h in holidays if h.yearly],
    )


def _rows():
    return BusinessCalendar.objects.prefetch_related("intervals", "holidays")


def load_for_area(area: Area | None) -> tuple[BusinessCalendar | None, Calendar]:
    """The area's calendar, else the default one (a calendar counts once it has working
    hours), else 24×7 (``None``, ``ALWAYS``). Two queries."""
    wanted = Q(calendar__is_default=True)
    own_id = area.calendar_id if area is not None else None
    if own_id:
        wanted |= Q(calendar_id=own_id)
    intervals = list(WorkingInterval.objects.filter(wanted).select_related("calendar"))
    own = [i for i in intervals if own_id and i.calendar_id == own_id]
    chosen = own or [i for i in intervals if i.calendar.is_default]
    if not chosen:
        return None, ALWAYS
    row = chosen[0].calendar
    holidays = Holiday.objects.filter(calendar_id=row.pk)
    return row, to_engine(row, chosen, holidays)


def calendar_for_area(area: Area | None) -> Calendar:
    """The area's calendar, else the default one, else 24×7, as an engine value."""
    return load_for_area(area)[1]


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
