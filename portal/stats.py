"""The queue's counters from figures that do not grow with the table.

One query whatever the number of tickets, live (no cache, so a cold page is as fast as a
warm one): ``TicketCounter`` (tickets per area and status, exact), kept by a database
trigger in the same transaction as every ticket write (migrations ``tickets/0005``,
``0017``); what a user sees is narrowed by ``access.visible_areas_q``. The charts are
``reports/``'s (docs/reports.md).
"""

from tickets import selectors
from tickets.models import Status
from tickets.workflow import OPEN_STATUSES


def status_counters(rows) -> list[dict]:
    """[{status, label, count}] for every status, zeros included."""
    counts: dict[str, int] = {}
    for _area, _name, status, n in rows:
        counts[status] = counts.get(status, 0) + n
    return [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Status.choices
    ]


def queue_counters(user) -> dict:
    """The queue's compact counters (one query over ``TicketCounter``): every status (for
    the links) and the open total."""
    rows = status_counters(selectors.counter_rows(user=user))
    return {
        "open": sum(c["count"] for c in rows if c["status"] in OPEN_STATUSES),
        "statuses": rows,
    }
