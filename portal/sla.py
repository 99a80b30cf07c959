"""The SLA indicator of the dashboard rows and the ticket page.

One rule, in business time of the area's calendar (``tickets.sla.status``): the most
urgent target still pending (first response, resolution) gives the colour; either target
breached makes it overdue (running) or missed (stopped).

| state     | when                                          |
|-----------|-----------------------------------------------|
| ``met``   | clock stopped before the due time             |
| ``missed``| clock stopped after the due time              |
| ``paused``| paused before the due time (frozen until resumed) |
| ``overdue``| still running, past the due time             |
| ``red``   | still running, at most 2 business hours left  |
| ``yellow``| still running, at most 8 business hours left  |
| ``green`` | still running, more left                      |
"""

from django.utils import timezone

from tickets.selectors.sla import Calendars, Resolution, dot, engine_calendars, resolution


def sla_state(ticket, now=None, calendars: Calendars | None = None) -> str:
    """The dot of ``ticket`` (``calendars``: the cached ones, given for a whole list)."""
    now = now or timezone.now()
    calendars = calendars or engine_calendars()
    return dot(calendars.for_area(ticket.area), ticket, now)


def sla_resolution(ticket, now=None) -> Resolution:
    """The ticket page's line beside the resolution due time (business hours)."""
    now = now or timezone.now()
    return resolution(engine_calendars().for_area(ticket.area), ticket, now)
