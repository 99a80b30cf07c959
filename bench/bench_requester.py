"""Speed and query counts of the requester pages as data grows: "my tickets" (first and a
deep keyset page), the ticket page opened by a signed link, and the auto-close task.

Builds a throw-away database (SQLite by default; PostgreSQL when ``BENCH_DATABASE_URL`` is
set) with SMALL and then LARGE tickets, a tenth of them the measured requester's, each with
an agent's public answer. Reports ms/request (median of N) and SQL queries; exits 1 when a
page's query count grows with the data or a page is over ``TARGET_MS``.

Not a test. Run: ``.venv/bin/python bench/bench_requester.py`` (writes the "Requester pages
(sqlite)" or "(postgresql)" section of bench/RESULTS.md).
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings.test")

import django  # noqa: E402

from bench.results import write_section  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SECTION = "Requester pages"
SMALL, LARGE = 500, 20000
N = int(os.environ.get("BENCH_N", "30"))
TARGET_MS = 150
PASSWORD = "bench-pass-123"  # noqa: S105
ME = "yo@bench.test"


def build_reference() -> dict:
    from accounts.models import Area, Location, Network, Role, User
    from tickets.models import Priority

    call_command("migrate", verbosity=0)
    area = Area.objects.create(code="MESA", name="Mesa")
    priority = Priority.objects.create(name="MEDIA", order=3, sla_hours=24)
    network = Network.objects.create(name="Bench")
    location = Location.objects.create(
        network=network, name="HQ", label_prefix="BEN", is_default=True
    )
    agent = User.objects.create_user("mesa@bench.test", PASSWORD, role=Role.MESA, name="Ana")
    me = User.objects.create_user(ME, PASSWORD, role=Role.USUARIO, name="Yo")
    return {"area": area, "priority": priority, "location": location, "agent": agent, "me": me}


def add_tickets(ref: dict, upto: int) -> None:
    """Bulk rows (data set-up): every tenth ticket is ME's; half of all are solved 10 days ago."""
    from tickets.models import Activity, Ticket

    start = Ticket.objects.count()
    now = timezone.now()
    snapshot = ref["agent"].snapshot()
    tickets, activities = [], []
    for n in range(start + 1, upto + 1):
        created = now - timedelta(days=30, minutes=upto - n)
        solved = n % 2 == 0
        ticket = Ticket(
            number=n,
            label=f"BEN-2026-{n:06d}",
            location=ref["location"],
            subject=f"Asunto {n}",
            description=f"Descripción {n}",
            priority=ref["priority"],
            area=ref["area"],
            requester_name="Yo" if n % 10 == 0 else f"Persona {n}",
            requester_email=ME if n % 10 == 0 else f"p{n}@bench.test",
            status="RESUELTO" if solved else "EN_PROCESO",
            resolved_at=now - timedelta(days=10) if solved else None,
            sla_due_at=created + timedelta(hours=24),
            created_at=created,
            updated_at=created,
            status_updated_at=now - timedelta(days=10) if solved else created,
        )
        tickets.append(ticket)
        activities.append(Activity(ticket=ticket, type="ticketCreated", created_at=created))
        activities.append(
            Activity(
                ticket=ticket,
                type="comment",
                created_at=created + timedelta(hours=1),
                actor=ref["agent"],
                actor_snapshot=snapshot,
                data={"text": f"Respuesta {n}"},
            )
        )
    Ticket.objects.bulk_create(tickets, batch_size=500)
    Activity.objects.bulk_create(activities, batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(call) -> tuple[float, int]:
    call()  # warm up
    executed = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: executed.append(sql) or execute(sql, *a)
    ):
        response = call()
    assert response.status_code == 200, (response.status_code, response.content[:300])
    times = []
    for _ in range(N):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(executed)


def pages(ref: dict) -> dict:
    from tickets.models import Ticket
    from tickets.selectors import links

    me = Client()
    me.force_login(ref["me"])
    first = me.get("/mis-tickets/")
    cursor = first.context["next_cursor"]
    for _ in range(1):  # the third page
        cursor = me.get("/mis-tickets/", {"despues": cursor}).context["next_cursor"]
    ticket = Ticket.objects.filter(requester_email=ME).order_by("-created_at").first()
    anon = Client()
    path = links.requester_ticket_path(ticket)
    return {
        "My tickets, first page (20)": lambda: me.get("/mis-tickets/"),
        "My tickets, 3rd page (keyset)": lambda: me.get("/mis-tickets/", {"despues": cursor}),
        "Ticket page via signed link": lambda: anon.get(path),
    }


def autoclose(count: int) -> str:
    from tickets.tasks import autoclose_solved_tickets

    start = time.perf_counter()
    closed = autoclose_solved_tickets()
    ms = (time.perf_counter() - start) * 1000
    assert closed == count, (closed, count)
    return f"{closed} tickets in {ms:.0f} ms ({ms / max(closed, 1):.2f} ms per ticket)"


def run() -> tuple[str, bool]:
    from tickets.models import Ticket

    ref = build_reference()
    results = {}
    closing = ""
    for size in (SMALL, LARGE):
        add_tickets(ref, size)
        for name, call in pages(ref).items():
            results.setdefault(name, {})[size] = measure(call)
        if size == LARGE:
            closing = autoclose(Ticket.objects.filter(status="RESUELTO").count())
    ok = True
    rows = []
    for name, by_size in results.items():
        (ms_s, q_s), (ms_l, q_l) = by_size[SMALL], by_size[LARGE]
        good = q_l <= q_s and ms_l <= TARGET_MS
        ok &= good
        verdict = "ok" if good else "**missed**"
        rows.append(f"| {name} | {q_s} / {q_l} | {ms_s:.1f} / {ms_l:.1f} | {verdict} |")
    text = (
        f"{connection.vendor}, {SMALL} then {LARGE} tickets (a tenth of them the requester's, "
        f"each with an agent's answer), median of {N} requests, Python "
        f"{sys.version.split()[0]}, Django {django.get_version()}. Targets: queries flat, "
        f"≤ {TARGET_MS} ms.\n\n"
        "| page | queries (small / large) | ms (small / large) | |\n"
        "|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        f"Auto-close (`tickets.tasks.autoclose_solved_tickets`, half of the {LARGE} solved "
        f"10 days ago): {closing}; one transaction and row lock per ticket."
    )
    return text, ok


def main() -> int:
    setup_test_environment()  # response.context for the keyset cursor; mail to locmem
    with override_settings(HELPDESK_THROTTLE={"public-link": (10**9, 60)}):
        text, ok = run()
    print(text)
    write_section(f"{SECTION} ({connection.vendor})", text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
