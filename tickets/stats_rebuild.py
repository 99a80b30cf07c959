"""Recompute ``TicketCounter`` and ``TicketRollup`` from the tickets, in one transaction.

The triggers of migration 0005 keep both exact on every write; this is for after a bulk
load with the triggers disabled (``bench/scale.py``) and for the migration that creates
them. The ticket table is locked against writes meanwhile, so the result is exact.
"""

from django.db import connections, transaction

_SQLITE_BUCKET = "datetime((CAST(strftime('%s', {ts}) AS INTEGER) / 900) * 900, 'unixepoch')"


def _statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        bucket = "tickets_stats_bucket({ts})"
        lock = ["LOCK TABLE tickets_ticket IN SHARE MODE"]
    else:
        bucket = _SQLITE_BUCKET
        lock = []
    return [
        *lock,
        "DELETE FROM tickets_ticketcounter",
        "INSERT INTO tickets_ticketcounter (area_id, status, count) "
        "SELECT area_id, status, COUNT(*) FROM tickets_ticket GROUP BY area_id, status",
        "DELETE FROM tickets_ticketrollup",
        "INSERT INTO tickets_ticketrollup (area_id, bucket, opened, solved) "
        "SELECT area_id, b, SUM(o), SUM(s) FROM ("
        f" SELECT area_id, {bucket.format(ts='created_at')} AS b, 1 AS o, 0 AS s"
        " FROM tickets_ticket"
        f" UNION ALL SELECT area_id, {bucket.format(ts='resolved_at')}, 0, 1"
        " FROM tickets_ticket WHERE resolved_at IS NOT NULL"
        ") AS x GROUP BY area_id, b",
    ]


def rebuild(*, using: str = "default", apps=None) -> None:
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for sql in _statements(connection.vendor):
            cursor.execute(sql)
