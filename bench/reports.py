"""The reports page at scale: a one-year report should cost what a week costs.

Loads ``--size`` generated tickets with ``bench/scale.py``'s loader (its own database:
``BENCH_DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/hd_reports_bench``,
``_<size>`` appended), then makes their durations realistic — resolution times spread to
the minute, a public agent reply on 70 % of them minutes to days after opening — and runs
``manage.py rebuild_report_rollups`` (timed: what a desk pays once after a bulk import).
Then serves the app with gunicorn and times ``/portal/reports/`` for the MESA and an AREA
agent over the last 7, 30 and 365 days, and one CSV download: p50 and p95 of ``--n``
sequential requests after a warm-up.

Not a test. Run (2 shared cores: be nice):
    DEBUG=1 nice .venv/bin/python bench/reports.py --size 100000
    DEBUG=1 nice .venv/bin/python bench/reports.py --size 1000000 --write  # bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hd_reports_bench")

# The bench server runs with DEBUG off (as production); the loader's seed_demo needs
# DEBUG=1 in this process only (run the script with it, as the Makefile runs commands).
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from bench import scale  # noqa: E402 - after the database URL is chosen

SPREAD_SQL = """
UPDATE tickets_ticket SET resolved_at = resolved_at
  + make_interval(mins => (abs(hashtext(id::text)) % 59)::int)
WHERE label LIKE 'BEN-%' AND resolved_at IS NOT NULL
"""
REPLIES_SQL = """
INSERT INTO tickets_activity (id, ticket_id, type, actor_snapshot, data, public, created_at)
SELECT gen_random_uuid(), t.id, 'comment', '{"rol": "AREA"}'::jsonb,
       '{"text": "Lo revisamos."}'::jsonb, true,
       t.created_at + make_interval(mins => (abs(hashtext(t.label)) % 2880)::int)
FROM tickets_ticket t
WHERE t.label LIKE 'BEN-%' AND abs(hashtext(t.label || 'r')) % 10 < 7
"""
# The reports read the SLA engine's stored figures (reports/durations.py): the generated
# tickets are on the default 24×7 calendar, where business minutes are clock minutes.
COLUMNS_SQL = """
UPDATE tickets_ticket t SET
  first_responded_at = CASE WHEN abs(hashtext(t.label || 'r')) % 10 < 7
    THEN t.created_at + make_interval(mins => (abs(hashtext(t.label)) % 2880)::int) END,
  first_response_business_minutes = CASE WHEN abs(hashtext(t.label || 'r')) % 10 < 7
    THEN abs(hashtext(t.label)) % 2880 END,
  resolution_business_minutes = CASE WHEN t.resolved_at IS NOT NULL
    THEN floor(extract(epoch FROM t.resolved_at - t.created_at) / 60)::int END
WHERE t.label LIKE 'BEN-%'
"""
MARK = "bench-reports-durations"


def prepare() -> dict:
    """Spread the durations (once per database) and rebuild the rollups; seconds taken."""
    from django.core.management import call_command
    from django.db import connection, transaction

    took = {}
    with connection.cursor() as c:
        c.execute("SELECT 1 FROM tickets_activity WHERE data->>'text' = %s LIMIT 1", [MARK])
        done = c.fetchone() is not None
    if not done:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as c:
            c.execute("ALTER TABLE tickets_ticket DISABLE TRIGGER tickets_ticket_stats")
            c.execute(SPREAD_SQL)
            c.execute("ALTER TABLE tickets_ticket ENABLE TRIGGER tickets_ticket_stats")
            c.execute(COLUMNS_SQL)  # after: ALTER TABLE refuses pending trigger events
            c.execute(REPLIES_SQL)
            c.execute(
                "INSERT INTO tickets_activity (id, ticket_id, type, actor_snapshot, data,"
                " public, created_at) SELECT gen_random_uuid(), id, 'comment', '{}'::jsonb,"
                " jsonb_build_object('text', %s::text), false, created_at FROM tickets_ticket"
                " ORDER BY created_at LIMIT 1",
                [MARK],
            )
        from tickets.stats_rebuild import rebuild

        rebuild()  # the dashboard's rollups follow the moved resolved_at
        took["durations"] = time.perf_counter() - started
    started = time.perf_counter()
    call_command("rebuild_report_rollups", verbosity=0)
    took["rebuild"] = time.perf_counter() - started
    with connection.cursor() as c:
        c.execute("VACUUM (ANALYZE)")
    return took


def measure(n: int) -> list[tuple[str, str, dict]]:
    from django.utils import timezone

    os.environ.pop("DEBUG", None)
    server = scale.Server()
    rows = []
    try:
        logins = {"MESA": scale.demo_login("mesa"), "AREA": scale.demo_login("area")}
        today = timezone.localdate()
        for who, (email, password) in logins.items():
            client = scale.Client(server.port).login(email, password)
            for days in (7, 30, 365):
                start = (today - timedelta(days=days - 1)).isoformat()
                path = f"/portal/reports/?start={start}&end={today.isoformat()}"
                rows.append((who, f"{days} days", scale.timed(client, "GET", path, n=n)))
            year_ago = (today - timedelta(days=364)).isoformat()
            path = f"/portal/reports/?start={year_ago}&csv=sla_agent"
            rows.append((who, "365 days, CSV", scale.timed(client, "GET", path, n=n)))
    finally:
        server.stop()
    return rows


def report(size: int, took: dict, rows) -> str:
    lines = [
        f"{size:,} generated tickets (two years), PostgreSQL, gunicorn 2 workers.",
        "",
        f"Rollup rebuild: {took['rebuild']:.0f} s"
        + (f" (durations spread first: {took['durations']:.0f} s)" if "durations" in took else ""),
        "",
        "| who | period | p50 ms | p95 ms |",
        "|---|---|---|---|",
    ]
    for who, period, t in rows:
        lines.append(f"| {who} | {period} | {t['p50']:.0f} | {t['p95']:.0f} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--n", type=int, default=15, help="timed requests per row")
    parser.add_argument("--keep", action="store_true", help="reuse the loaded database")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    import django

    django.setup()
    scale.use_database(args.size, fresh=not args.keep)
    scale.load(args.size)
    took = prepare()
    text = report(args.size, took, measure(args.n))
    print(text)
    if args.write:
        from bench.results import write_section

        write_section("Reports (PostgreSQL, gunicorn)", text)


if __name__ == "__main__":
    main()
