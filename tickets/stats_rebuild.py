"""Recompute ``TicketCounter`` from the tickets, in one transaction.

The trigger of migrations 0005 / 0017 keeps it exact on every write; this is for after a bulk
load with the trigger disabled (``bench/scale.py``) and for the migration that creates it.
The ticket table is locked against writes meanwhile, so the result is exact.
"""

from django.db import connections, transaction


def _statements(vendor: str) -> list[str]:
    lock = ["LOCK TABLE tickets_ticket IN SHARE MODE"] if vendor == "postgresql" else []
    return [
        *lock,
        "DELETE FROM tickets_ticketcounter",
        "INSERT INTO tickets_ticketcounter (area_id, status, count) "
        "SELECT area_id, status, COUNT(*) FROM tickets_ticket GROUP BY area_id, status",
    ]


def rebuild(*, using: str = "default", apps=None) -> None:
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for sql in _statements(connection.vendor):
            cursor.execute(sql)
