"""Drop ``TicketRollup`` (issue 29): its only readers, the old dashboard's opened / solved
chart, went when the charts moved to ``reports/``, yet its triggers still ran on every ticket
insert, delete and change of ``created_at`` or ``resolved_at``.

The trigger of migration 0005 keeps ``TicketCounter`` (still read: the queue's counters and
every count) and kept ``TicketRollup``; it is replaced by the counters' half alone, under the
same names (``tickets_ticket_stats``: tests and benchmarks disable it by name), and now fires
only on a change of ``status`` or ``area_id``. PostgreSQL and SQLite each get their own, as in
0005. Going back re-creates 0005's triggers and functions as they were and refills the
rollups from the tickets, so they are exact again.
"""

import importlib

from django.db import migrations

scale_sql = importlib.import_module("tickets.migrations.0005_scale_sql")

PG_COUNTERS_ONLY = r"""
DROP TRIGGER IF EXISTS tickets_ticket_stats ON tickets_ticket;

-- Row locks on counter rows are always taken in one order (smaller key first), so two
-- transactions moving tickets between the same statuses in opposite directions never
-- deadlock.
CREATE OR REPLACE FUNCTION tickets_ticket_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM tickets_counter_add(NEW.area_id, NEW.status, 1);
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM tickets_counter_add(OLD.area_id, OLD.status, -1);
    RETURN OLD;
  END IF;
  -- UPDATE
  IF (OLD.area_id, OLD.status) IS DISTINCT FROM (NEW.area_id, NEW.status) THEN
    IF (OLD.area_id, OLD.status) < (NEW.area_id, NEW.status) THEN
      PERFORM tickets_counter_add(OLD.area_id, OLD.status, -1);
      PERFORM tickets_counter_add(NEW.area_id, NEW.status, 1);
    ELSE
      PERFORM tickets_counter_add(NEW.area_id, NEW.status, 1);
      PERFORM tickets_counter_add(OLD.area_id, OLD.status, -1);
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER tickets_ticket_stats
AFTER INSERT OR DELETE OR UPDATE OF status, area_id
ON tickets_ticket FOR EACH ROW EXECUTE FUNCTION tickets_ticket_stats();

DROP FUNCTION IF EXISTS tickets_rollup_add(bigint, timestamptz, integer, integer);
DROP FUNCTION IF EXISTS tickets_stats_bucket(timestamptz);
"""

SQLITE_COUNTERS_ONLY = [
    *scale_sql.SQLITE_STATS_DROP,
    "CREATE TRIGGER tickets_ticket_stats_ins AFTER INSERT ON tickets_ticket BEGIN "
    + scale_sql._counter("NEW.area_id", "NEW.status", 1)
    + " END;",
    "CREATE TRIGGER tickets_ticket_stats_del AFTER DELETE ON tickets_ticket BEGIN "
    + scale_sql._counter("OLD.area_id", "OLD.status", -1)
    + " END;",
    "CREATE TRIGGER tickets_ticket_stats_upd AFTER UPDATE OF status, area_id "
    "ON tickets_ticket BEGIN "
    + scale_sql._counter("OLD.area_id", "OLD.status", -1, scale_sql._MOVED)
    + scale_sql._counter("NEW.area_id", "NEW.status", 1, scale_sql._MOVED)
    + " END;",
]


def _refill_rollups(bucket: str) -> str:
    """The rollups from the tickets (what ``stats_rebuild`` did before this migration)."""
    return (
        "INSERT INTO tickets_ticketrollup (area_id, bucket, opened, solved) "
        "SELECT area_id, b, SUM(o), SUM(s) FROM ("
        f" SELECT area_id, {bucket.format(ts='created_at')} AS b, 1 AS o, 0 AS s"
        " FROM tickets_ticket"
        f" UNION ALL SELECT area_id, {bucket.format(ts='resolved_at')}, 0, 1"
        " FROM tickets_ticket WHERE resolved_at IS NOT NULL"
        ") AS x GROUP BY area_id, b"
    )


PG_AS_IN_0005 = [
    "DROP TRIGGER IF EXISTS tickets_ticket_stats ON tickets_ticket",
    scale_sql.PG_STATS,
    "LOCK TABLE tickets_ticket IN SHARE MODE",
    _refill_rollups("tickets_stats_bucket({ts})"),
]

SQLITE_AS_IN_0005 = [
    *scale_sql.SQLITE_STATS_DROP,
    *scale_sql.SQLITE_STATS,
    _refill_rollups(scale_sql._BUCKET),
]


def _run(schema_editor, statements) -> None:
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def counters_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [PG_COUNTERS_ONLY])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_COUNTERS_ONLY)


def counters_and_rollups(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_AS_IN_0005)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_AS_IN_0005)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0016_issue28_requester_language")]

    # Backwards the table comes back first (DeleteModel reversed), then the triggers.
    operations = [
        migrations.RunPython(counters_only, counters_and_rollups),
        migrations.DeleteModel(name="TicketRollup"),
    ]
