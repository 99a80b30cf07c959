"""The SLA: business calendars, targets and the due dates kept on each ticket.

- ``engine``: pure functions (calendar arithmetic, the from-scratch rule).
- ``calendars``: the database rows as engine values (an area's calendar, its targets).
- ``clock``: what the services call while they change a ticket (pause, resume, first
  response, solved, priority/area change) and the batch recomputation.
- ``timeline``: the ticket page's explanation of the dot.

See docs/sla.md.
"""
