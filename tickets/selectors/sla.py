"""The SLA as the pages, the Mesa API and the reports read it: a ticket's dot, its time left,
its resolution figures, its timeline card, and the areas' calendars loaded once per request.
The engine and the clock that services run live in ``tickets.sla``, private to this app."""

from tickets.sla.calendars import Calendars, engine_calendars
from tickets.sla.status import Resolution, dot, first_response_breached, hours_left, resolution
from tickets.sla.timeline import sla_timeline

__all__ = [
    "Calendars",
    "Resolution",
    "dot",
    "engine_calendars",
    "first_response_breached",
    "hours_left",
    "resolution",
    "sla_timeline",
]
