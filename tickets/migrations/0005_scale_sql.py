"""Database-side pieces of "flat cost at a million tickets" (issue 10).

- Triggers on ``tickets_ticket`` keep ``TicketCounter`` (per area and status) and
  ``TicketRollup`` (opened / solved per area and 15-minute bucket) exact in the same
  transaction as every insert, update and delete, whoever writes: services, admin, shell or
  a test's ``QuerySet.update``. PostgreSQL (PL/pgSQL) and SQLite each get their own.
- PostgreSQL only: full-text search (``unaccent`` + Spanish stemming in the text search
  configuration ``helpdesk_es``; a stored generated ``search_vector`` column with a GIN
  index) and ``pg_trgm`` indexes for fragments of label and e-mail. SQLite searches with
  ``icontains`` (``tickets.selectors.ticket_search``) and needs none of it.

Both counters and rollups are filled from the existing rows here, so an upgrade starts
exact. ``CREATE EXTENSION`` needs a role allowed to create them (see docs/deployment.md).
"""

from django.db import migrations

PG_STATS = r"""
CREATE OR REPLACE FUNCTION tickets_stats_bucket(ts timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT date_bin('15 minutes', ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') $$;

CREATE OR REPLACE FUNCTION tickets_counter_add(a bigint, s varchar, d integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO tickets_ticketcounter (area_id, status, count) VALUES (a, s, d)
  ON CONFLICT (area_id, status)
  DO UPDATE SET count = tickets_ticketcounter.count + EXCLUDED.count
$$;

CREATE OR REPLACE FUNCTION tickets_rollup_add(a bigint, ts timestamptz, o integer, v integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO tickets_ticketrollup (area_id, bucket, opened, solved)
  VALUES (a, tickets_stats_bucket(ts), o, v)
  ON CONFLICT (bucket, area_id) DO UPDATE
  SET opened = tickets_ticketrollup.opened + EXCLUDED.opened,
      solved = tickets_ticketrollup.solved + EXCLUDED.solved
$$;

-- Row locks on counter rows are always taken in one order (smaller key first), so two
-- transactions moving tickets between the same statuses in opposite directions never
-- deadlock.
CREATE OR REPLACE FUNCTION tickets_ticket_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM tickets_counter_add(NEW.area_id, NEW.status, 1);
    PERFORM tickets_rollup_add(NEW.area_id, NEW.created_at, 1, 0);
    IF NEW.resolved_at IS NOT NULL THEN
      PERFORM tickets_rollup_add(NEW.area_id, NEW.resolved_at, 0, 1);
    END IF;
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM tickets_counter_add(OLD.area_id, OLD.status, -1);
    PERFORM tickets_rollup_add(OLD.area_id, OLD.created_at, -1, 0);
    IF OLD.resolved_at IS NOT NULL THEN
      PERFORM tickets_rollup_add(OLD.area_id, OLD.resolved_at, 0, -1);
    END IF;
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
  IF OLD.area_id IS DISTINCT FROM NEW.area_id
     OR tickets_stats_bucket(OLD.created_at) IS DISTINCT FROM tickets_stats_bucket(NEW.created_at)
  THEN
    IF (tickets_stats_bucket(OLD.created_at), OLD.area_id)
       < (tickets_stats_bucket(NEW.created_at), NEW.area_id) THEN
      PERFORM tickets_rollup_add(OLD.area_id, OLD.created_at, -1, 0);
      PERFORM tickets_rollup_add(NEW.area_id, NEW.created_at, 1, 0);
    ELSE
      PERFORM tickets_rollup_add(NEW.area_id, NEW.created_at, 1, 0);
      PERFORM tickets_rollup_add(OLD.area_id, OLD.created_at, -1, 0);
    END IF;
  END IF;
  IF OLD.area_id IS DISTINCT FROM NEW.area_id
     OR tickets_stats_bucket(OLD.resolved_at) IS DISTINCT FROM tickets_stats_bucket(NEW.resolved_at)
  THEN
    IF OLD.resolved_at IS NOT NULL AND (NEW.resolved_at IS NULL OR
       (tickets_stats_bucket(OLD.resolved_at), OLD.area_id)
       < (tickets_stats_bucket(NEW.resolved_at), NEW.area_id)) THEN
      PERFORM tickets_rollup_add(OLD.area_id, OLD.resolved_at, 0, -1);
      IF NEW.resolved_at IS NOT NULL THEN
        PERFORM tickets_rollup_add(NEW.area_id, NEW.resolved_at, 0, 1);
      END IF;
    ELSE
      IF NEW.resolved_at IS NOT NULL THEN
        PERFORM tickets_rollup_add(NEW.area_id, NEW.resolved_at, 0, 1);
      END IF;
      IF OLD.resolved_at IS NOT NULL THEN
        PERFORM tickets_rollup_add(OLD.area_id, OLD.resolved_at, 0, -1);
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER tickets_ticket_stats
AFTER INSERT OR DELETE OR UPDATE OF status, area_id, created_at, resolved_at
ON tickets_ticket FOR EACH ROW EXECUTE FUNCTION tickets_ticket_stats();
"""

PG_STATS_DROP = """
DROP TRIGGER IF EXISTS tickets_ticket_stats ON tickets_ticket;
DROP FUNCTION IF EXISTS tickets_ticket_stats();
DROP FUNCTION IF EXISTS tickets_rollup_add(bigint, timestamptz, integer, integer);
DROP FUNCTION IF EXISTS tickets_counter_add(bigint, varchar, integer);
DROP FUNCTION IF EXISTS tickets_stats_bucket(timestamptz);
"""

PG_SEARCH = r"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'helpdesk_es') THEN
    CREATE TEXT SEARCH CONFIGURATION helpdesk_es (COPY = pg_catalog.spanish);
    ALTER TEXT SEARCH CONFIGURATION helpdesk_es
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
  END IF;
END $$;
ALTER TABLE tickets_ticket ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('helpdesk_es'::regconfig, coalesce(label, '') || ' ' || coalesce(subject, '')), 'A')
  || setweight(to_tsvector('helpdesk_es'::regconfig,
       coalesce(requester_name, '') || ' ' || coalesce(requester_email, '')), 'B')
  || setweight(to_tsvector('helpdesk_es'::regconfig, coalesce(description, '')), 'C')
) STORED;
CREATE INDEX ticket_search_vector ON tickets_ticket USING gin (search_vector);
CREATE INDEX ticket_label_trgm ON tickets_ticket USING gin (upper(label::text) gin_trgm_ops);
CREATE INDEX ticket_email_trgm ON tickets_ticket
  USING gin (upper(requester_email::text) gin_trgm_ops);
"""

PG_SEARCH_DROP = """
DROP INDEX IF EXISTS ticket_email_trgm;
DROP INDEX IF EXISTS ticket_label_trgm;
DROP INDEX IF EXISTS ticket_search_vector;
ALTER TABLE tickets_ticket DROP COLUMN IF EXISTS search_vector;
DROP TEXT SEARCH CONFIGURATION IF EXISTS helpdesk_es;
"""

# SQLite: one writer at a time, so no lock ordering; UPSERT needs SQLite ≥ 3.24.
_BUCKET = "datetime((CAST(strftime('%s', {ts}) AS INTEGER) / 900) * 900, 'unixepoch')"


def _counter(area: str, status: str, delta: int, when: str = "1") -> str:
    return (
        "INSERT INTO tickets_ticketcounter (area_id, status, count) "
        f"SELECT {area}, {status}, {delta} WHERE {when} "
        f"ON CONFLICT (area_id, status) DO UPDATE SET count = count + ({delta});"
    )


def _rollup(area: str, ts: str, opened: int, solved: int, when: str) -> str:
    return (
        "INSERT INTO tickets_ticketrollup (area_id, bucket, opened, solved) "
        f"SELECT {area}, {_BUCKET.format(ts=ts)}, {opened}, {solved} WHERE {when} "
        f"ON CONFLICT (bucket, area_id) DO UPDATE "
        f"SET opened = opened + ({opened}), solved = solved + ({solved});"
    )


_MOVED = "(OLD.area_id IS NOT NEW.area_id OR OLD.status IS NOT NEW.status)"
_OPEN_MOVED = (
    f"(OLD.area_id IS NOT NEW.area_id OR {_BUCKET.format(ts='OLD.created_at')} "
    f"IS NOT {_BUCKET.format(ts='NEW.created_at')})"
)
_SOLVED_MOVED = (
    f"(OLD.area_id IS NOT NEW.area_id OR {_BUCKET.format(ts='OLD.resolved_at')} "
    f"IS NOT {_BUCKET.format(ts='NEW.resolved_at')})"
)

SQLITE_STATS = [
    "CREATE TRIGGER tickets_ticket_stats_ins AFTER INSERT ON tickets_ticket BEGIN "
    + _counter("NEW.area_id", "NEW.status", 1)
    + _rollup("NEW.area_id", "NEW.created_at", 1, 0, "1")
    + _rollup("NEW.area_id", "NEW.resolved_at", 0, 1, "NEW.resolved_at IS NOT NULL")
    + " END;",
    "CREATE TRIGGER tickets_ticket_stats_del AFTER DELETE ON tickets_ticket BEGIN "
    + _counter("OLD.area_id", "OLD.status", -1)
    + _rollup("OLD.area_id", "OLD.created_at", -1, 0, "1")
    + _rollup("OLD.area_id", "OLD.resolved_at", 0, -1, "OLD.resolved_at IS NOT NULL")
    + " END;",
    "CREATE TRIGGER tickets_ticket_stats_upd AFTER UPDATE OF status, area_id, created_at, "
    "resolved_at ON tickets_ticket BEGIN "
    + _counter("OLD.area_id", "OLD.status", -1, _MOVED)
    + _counter("NEW.area_id", "NEW.status", 1, _MOVED)
    + _rollup("OLD.area_id", "OLD.created_at", -1, 0, _OPEN_MOVED)
    + _rollup("NEW.area_id", "NEW.created_at", 1, 0, _OPEN_MOVED)
    + _rollup("OLD.area_id", "OLD.resolved_at", 0, -1,
              f"OLD.resolved_at IS NOT NULL AND {_SOLVED_MOVED}")
    + _rollup("NEW.area_id", "NEW.resolved_at", 0, 1,
              f"NEW.resolved_at IS NOT NULL AND {_SOLVED_MOVED}")
    + " END;",
]  # fmt: skip

SQLITE_STATS_DROP = [
    "DROP TRIGGER IF EXISTS tickets_ticket_stats_ins;",
    "DROP TRIGGER IF EXISTS tickets_ticket_stats_del;",
    "DROP TRIGGER IF EXISTS tickets_ticket_stats_upd;",
]


def _run(schema_editor, statements) -> None:
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [PG_STATS, PG_SEARCH])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_STATS)
    fill(apps, schema_editor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [PG_SEARCH_DROP, PG_STATS_DROP])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_STATS_DROP)


def fill(apps, schema_editor):
    """Counters and rollups from the rows already there (same code as the rebuild command)."""
    from tickets.stats_rebuild import rebuild

    rebuild(using=schema_editor.connection.alias, apps=apps)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0004_scale")]

    operations = [migrations.RunPython(forwards, backwards)]
