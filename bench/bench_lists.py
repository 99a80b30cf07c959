"""Speed, memory and query counts of the list pages and endpoints as data grows.

Builds a throw-away database (SQLite by default; PostgreSQL when ``BENCH_DATABASE_URL`` is
set) holding SMALL and then LARGE tickets, and measures one page of each list way in:
the Spacebring list (Basic auth), the Mesa dashboard (JWT), the portal dashboard (session),
plus the detail of a ticket with many history entries. For each it reports ms/request
(median of N), SQL queries and the peak Python memory of one request (tracemalloc).

Targets (checked; the script exits 1 when one is missed):
- the query count of a page does not grow with the data;
- a page stays under ``TARGET_MS`` ms (median) and ``TARGET_KB`` KiB peak memory.

Not a test. Run: ``.venv/bin/python bench/bench_lists.py`` (writes the "Lists (sqlite)" or
"Lists (postgresql)" section of bench/RESULTS.md); for PostgreSQL, point
``BENCH_DATABASE_URL`` at an empty database.
"""

import base64
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.test")

import django  # noqa: E402

from bench.results import write_section  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

SECTION = "Lists"
SMALL, LARGE = 200, 5000
N = int(os.environ.get("BENCH_N", "30"))
TARGET_MS = 150
TARGET_KB = 8 * 1024
PASSWORD = "bench-pass-123"  # noqa: S105


def build_reference():
    from accounts import api_clients
    from accounts.models import Area, Location, Membership, Network, Role, User
    from tickets.models import Priority

    call_command("migrate", verbosity=0)
    areas = [Area.objects.create(code=c, name=c.title()) for c in ("MESA", "TECNOLOGIA")]
    for name, order, hours in [("URGENTE", 1, 4), ("ALTA", 2, 8), ("MEDIA", 3, 24)]:
        Priority.objects.create(name=name, order=order, sla_hours=hours)
    network = Network.objects.create(name="Bench")
    location = Location.objects.create(
        network=network, name="HQ", label_prefix="BEN", is_default=True
    )
    admin = User.objects.create_user("admin@bench.test", PASSWORD, role=Role.ADMIN, name="Ana")
    agent = User.objects.create_user(
        "tec@bench.test", PASSWORD, role=Role.AREA, area=areas[1], name="Teo"
    )
    memberships = [
        Membership.objects.create(user=u, location=location, role_type="admin")
        for u in (admin, agent)
    ]
    client, secret = api_clients.issue(
        name="bench", network=network, membership=memberships[0], scopes="support"
    )
    basic = "Basic " + base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
    return {
        "location": location,
        "areas": areas,
        "admin": admin,
        "agent": agent,
        "memberships": memberships,
        "basic": basic,
    }


def add_tickets(ref: dict, upto: int) -> None:
    """Bulk rows (data set-up, not app behaviour): assigned tickets with a few entries each."""
    from tickets.models import Activity, Priority, Ticket

    location = ref["location"]
    start = Ticket.objects.count()
    priorities = list(Priority.objects.all())
    now = timezone.now()
    tickets, activities = [], []
    for n in range(start + 1, upto + 1):
        created = now - timedelta(minutes=upto - n)
        prio = priorities[n % len(priorities)]
        ticket = Ticket(
            number=n,
            label=f"BEN-2026-{n:05d}",
            location=location,
            subject=f"Asunto {n}",
            description=f"Descripción del ticket {n}",
            priority=prio,
            area=ref["areas"][n % 2],
            requester_name=f"Persona {n}",
            requester_email=f"p{n}@bench.test",
            requester=ref["admin"],
            requester_membership=ref["memberships"][0],
            assignee=ref["agent"],
            assignee_membership=ref["memberships"][1],
            status="ASIGNADO",
            sla_due_at=created + timedelta(hours=prio.sla_hours),
            created_at=created,
            updated_at=created,
            status_updated_at=created,
        )
        tickets.append(ticket)
        activities.append(
            Activity(
                ticket=ticket, type="ticketCreated", created_at=created, data={"status": "NUEVO"}
            )
        )
        activities.append(
            Activity(
                ticket=ticket,
                type="assigneeUpdated",
                created_at=created,
                public=False,
                actor=ref["admin"],
                data={"membershipAssignee": str(ref["memberships"][1].pk)},
            )
        )
    Ticket.objects.bulk_create(tickets, batch_size=500)
    Activity.objects.bulk_create(activities, batch_size=1000)
    location.last_number = upto
    location.save(update_fields=["last_number"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them in production


def add_history(ticket, count: int, actor) -> None:
    from tickets import services

    for i in range(count):
        services.ticket_comment(actor=actor, ticket=ticket, text=f"Entrada {i}", public=i % 2 == 0)


def measure(call) -> tuple[float, int, float]:
    """(median ms, SQL queries, peak KiB) of one request."""
    call()  # warm up
    executed = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: executed.append(sql) or execute(sql, *a)
    ):
        response = call()
    assert response.status_code == 200, (response.status_code, response.content[:300])
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1] / 1024
    tracemalloc.stop()
    times = []
    for _ in range(N):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(executed), peak


def endpoints(ref: dict) -> dict:
    mesa = Client()
    login = mesa.post(
        "/api/auth/login",
        {"email": "admin@bench.test", "password": PASSWORD},
        content_type="application/json",
    )
    bearer = "Bearer " + login.json()["token"]
    portal = Client()
    portal.force_login(ref["admin"])
    sb = Client()
    detail = ref["detail"]
    return {
        "Spacebring list, limit=100": lambda: sb.get(
            "/support/tickets/v1?limit=100", HTTP_AUTHORIZATION=ref["basic"]
        ),
        "Mesa dashboard, limit=50": lambda: mesa.get(
            "/api/tickets/dashboard?page=1&limit=50", HTTP_AUTHORIZATION=bearer
        ),
        "Portal dashboard (page of 25)": lambda: portal.get("/portal/"),
        "Spacebring detail (history)": lambda: sb.get(
            f"/support/tickets/v1/{detail.pk}", HTTP_AUTHORIZATION=ref["basic"]
        ),
        "Mesa detail (history)": lambda: mesa.get(
            f"/api/tickets/{detail.pk}", HTTP_AUTHORIZATION=bearer
        ),
        "Portal detail (history)": lambda: portal.get(f"/portal/tickets/{detail.pk}/"),
    }


def run() -> tuple[str, bool]:
    from tickets.models import Ticket

    ref = build_reference()
    results = {}
    for size, history in ((SMALL, 2), (LARGE, 40)):
        add_tickets(ref, size)
        ref["detail"] = Ticket.objects.order_by("-created_at").first()
        add_history(ref["detail"], history - ref["detail"].activities.count(), ref["admin"])
        for name, call in endpoints(ref).items():
            results.setdefault(name, {})[size] = measure(call)
    ok = True
    rows = []
    for name, by_size in results.items():
        (ms_s, q_s, kb_s), (ms_l, q_l, kb_l) = by_size[SMALL], by_size[LARGE]
        good = q_l <= q_s and ms_l <= TARGET_MS and kb_l <= TARGET_KB
        ok &= good
        rows.append(
            f"| {name} | {q_s} / {q_l} | {ms_s:.1f} / {ms_l:.1f} | {kb_s:.0f} / {kb_l:.0f} |"
            f" {'ok' if good else '**missed**'} |"
        )
    vendor = connection.vendor
    text = (
        f"{vendor}, {SMALL} then {LARGE} tickets (detail: 2 then 40 history entries), median of "
        f"{N} requests, Python {sys.version.split()[0]}, Django {django.get_version()}. "
        f"Targets: queries flat, ≤ {TARGET_MS} ms, ≤ {TARGET_KB // 1024} MiB peak.\n\n"
        "| page | queries (small / large) | ms (small / large) | peak KiB (small / large) | |\n"
        "|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        "The portal queue's counters read the trigger-kept counters "
        "(`portal/stats.py`, docs/scale.md): no cache, cold and warm cost the same."
    )
    return text, ok


def main() -> int:
    with override_settings(SPACEBRING_API_RATE="1000000/min"):
        text, ok = run()
    print(text)
    write_section(f"{SECTION} ({connection.vendor})", text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
