"""Cost of the background work as data grows: the SLA sweep and the webhook outbox.

Builds a throw-away database (SQLite by default; PostgreSQL when ``BENCH_DATABASE_URL`` is
set) with SMALL then LARGE running tickets and measures

- ``tickets.sla_alerts`` with nothing due (the minute-by-minute common case) and with
  ``DUE`` tickets to alert: queries and ms;
- ``ticket_create`` with no webhook endpoint and with three: queries and ms (the outbox rows
  and payload are written in the creating transaction);
- one delivery attempt to a local receiver (claim, signed POST, result): ms.

Targets (checked; exits 1 when one is missed): the sweep's query count does not grow with
the tickets, and a sweep with nothing due stays under ``TARGET_SWEEP_MS``.

Not a test. Run: ``.venv/bin/python bench/bench_background.py`` (writes the "Background
work (<vendor>)" section of bench/RESULTS.md).
"""

import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.test")
os.environ["HELPDESK_WEBHOOKS_ALLOW_PRIVATE"] = "1"

import django  # noqa: E402

from bench.results import write_section  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from helpdesk.celery import app as celery_app  # noqa: E402

SECTION = "Background work"
SMALL, LARGE, DUE = 500, 10000, 50
N = int(os.environ.get("BENCH_N", "20"))
TARGET_SWEEP_MS = 50


class _Ok(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def reference():
    from accounts.models import Area, Location, Network
    from tickets.models import Priority

    call_command("migrate", verbosity=0)
    Area.objects.create(code="MESA", name="Mesa")
    area = Area.objects.create(code="TECNOLOGIA", name="Tecnología")
    Priority.objects.create(name="MEDIA", order=3, sla_hours=24)
    network = Network.objects.create(name="Bench")
    location = Location.objects.create(network=network, name="HQ", label_prefix="BEN")
    return {"area": area, "network": network, "location": location}


def add_tickets(ref, upto: int, *, due_in: timedelta) -> None:
    """Bulk rows (set-up, not app behaviour): running tickets due ``due_in`` from now."""
    from tickets.models import Priority, Ticket

    start = Ticket.objects.count()
    prio = Priority.objects.get()
    now = timezone.now()
    Ticket.objects.bulk_create(
        [
            Ticket(
                number=n,
                label=f"BEN-2026-{n:05d}",
                location=ref["location"],
                description=f"Ticket {n}",
                priority=prio,
                area=ref["area"],
                requester_email=f"p{n}@bench.test",
                status="EN_PROCESO",
                sla_due_at=now + due_in,
                created_at=now - timedelta(hours=1),
                updated_at=now,
                status_updated_at=now,
            )
            for n in range(start + 1, upto + 1)
        ],
        batch_size=1000,
    )
    ref["location"].last_number = upto
    ref["location"].save(update_fields=["last_number"])


def measure(fn, n=N):
    times = []
    with CaptureQueriesContext(connection) as queries:
        fn()
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return len(queries), statistics.median(times)


def run() -> tuple[str, bool]:
    from tickets import services
    from tickets.models import Ticket
    from tickets.tasks import sla_alerts
    from webhooks import dispatch
    from webhooks import tasks as webhook_tasks
    from webhooks.models import Delivery, Endpoint

    celery_app.conf.task_always_eager = True
    dispatch.enqueue = lambda *args, **kwargs: None  # attempts are measured one by one below
    ref = reference()
    rows, ok = [], True
    sweep = {}
    for size in (SMALL, LARGE):
        add_tickets(ref, size, due_in=timedelta(days=3))
        sweep[size] = measure(sla_alerts)
    flat = sweep[SMALL][0] == sweep[LARGE][0]
    fast = sweep[LARGE][1] <= TARGET_SWEEP_MS
    ok = ok and flat and fast
    rows.append(
        f"| `sla_alerts`, nothing due | {sweep[SMALL][0]} / {sweep[LARGE][0]} | "
        f"{sweep[SMALL][1]:.1f} / {sweep[LARGE][1]:.1f} | {'ok' if flat and fast else 'MISSED'} |"
    )
    due_ids = list(Ticket.objects.values_list("pk", flat=True)[:DUE])
    Ticket.objects.filter(pk__in=due_ids).update(sla_due_at=timezone.now() + timedelta(minutes=30))
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        written = sla_alerts()
        ms = (time.perf_counter() - started) * 1000
    rows.append(
        f"| `sla_alerts`, {DUE} warnings to write (of {LARGE}) | {len(queries)} | {ms:.1f} | "
        f"{written['warning']} written |"
    )

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"

    def create():
        services.ticket_create(actor=None, description="Bench", requester_email="b@bench.test")

    base = measure(create)
    for i in range(3):
        Endpoint.objects.create(
            network=ref["network"], name=f"E{i}", url=url, event_types=["ticket.created"]
        )
    with_endpoints = measure(create)
    rows.append(
        f"| `ticket_create`, no endpoint / 3 endpoints | {base[0]} / {with_endpoints[0]} | "
        f"{base[1]:.1f} / {with_endpoints[1]:.1f} | |"
    )
    pending = list(Delivery.objects.filter(status="pending").values_list("pk", flat=True)[:N])
    times = []
    for pk in pending:
        started = time.perf_counter()
        assert webhook_tasks.attempt(pk).ok
        times.append((time.perf_counter() - started) * 1000)
    rows.append(
        f"| one delivery attempt (local receiver, 204) | | {statistics.median(times):.1f} | |"
    )
    server.shutdown()

    header = (
        f"{connection.vendor}, {SMALL} then {LARGE} running tickets, median of {N} runs, "
        f"Python {sys.version.split()[0]}, Django {django.get_version()}. Targets: sweep "
        f"queries flat, ≤ {TARGET_SWEEP_MS} ms with nothing due.\n\n"
        "| measure | queries (small / large) | ms (small / large) | |\n|---|---|---|---|\n"
    )
    note = (
        "\n\nThe sweep reads two id lists through the `sla_due_at` index (nothing is loaded "
        "when nothing is due); each alert is one locked transaction (lock, mark, history "
        "entry). With endpoints, a create adds one endpoint query plus the payload reads and "
        "one bulk insert; without any, one query."
    )
    return header + "\n".join(rows) + note, ok


def main() -> int:
    text, ok = run()
    print(text)
    write_section(f"{SECTION} ({connection.vendor})", text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
