"""The SLA indicator of the dashboard rows and the ticket page.

The clock rule is the model's (``Ticket.sla_clock_end``: it stops when the ticket is solved,
closed, cancelled or archived); this only names the state for the colour dot and its text.

| state     | when                                          |
|-----------|-----------------------------------------------|
| ``met``   | clock stopped before the due time             |
| ``missed``| clock stopped after the due time              |
| ``paused``| paused before the due time (frozen until resumed) |
| ``overdue``| still running, past the due time             |
| ``red``   | still running, at most 2 h left               |
| ``yellow``| still running, at most 8 h left               |
| ``green`` | still running, more left                      |
"""

from django.utils import timezone

SLA_RED_HOURS = 2
SLA_YELLOW_HOURS = 8


def sla_state(ticket, now=None) -> str:
    now = now or timezone.now()
    hours = ticket.sla_remaining_hours(now)
    if getattr(ticket, "sla_paused_at", None) is not None and ticket.resolved_at is None:
        return "overdue" if hours < 0 else "paused"
    if ticket.sla_clock_end(now) != now:  # stopped
        return "missed" if hours < 0 else "met"
    if hours < 0:
        return "overdue"
    if hours <= SLA_RED_HOURS:
        return "red"
    if hours <= SLA_YELLOW_HOURS:
        return "yellow"
    return "green"
