# ruff: noqa: E501 - long lines of generated SQL
"""Flat cost at a million tickets: load N tickets fast, serve with gunicorn, measure.

For each size (default 10,000 then 1,000,000) it fills a separate PostgreSQL database
(``BENCH_DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/hd_i10_bench``, with
``_<size>`` appended: one database per size, kept for ``--keep``) up to
that many generated tickets (plus the demo data) with ``INSERT … SELECT generate_series``
— 1.6 history entries per ticket, triggers off during the load, then counters and rollups
rebuilt and ``VACUUM ANALYZE`` — serves the app with gunicorn (2 workers, a free port,
``bench/settings.py``) and measures, as a user would, every request of issue 10's table
plus the admin changelists: p50 and p95 of ``--n`` sequential requests after a warm-up,
paired across the sizes (both servers run; each row's requests alternate between them, so
the machine's drift falls on both alike),
the CSV export of every row once, and throughput (requests/s over ``--seconds`` with
``--clients`` keep-alive clients) of the detail and list endpoints against the bare
one-query floor view (``bench/urls.py``). Issue 38's search rows (``SEARCHES``: every kind
of term in the portal, the Mesa ``q`` and the admin) are measured the same way, and, in
this process, the pages each of them reads (``bench/search_buffers.py``: load-independent).
Prints the table and writes the "Scale" section of bench/RESULTS.md. ``--cold`` instead
times each search row once right after the database's files left the OS cache.

Not a test. Run (2 shared cores: be nice):
    DEBUG=1 nice .venv/bin/python bench/scale.py            # 10k and 1M, fresh databases
    DEBUG=1 nice .venv/bin/python bench/scale.py --sizes 10000   # quick look
    DEBUG=1 nice .venv/bin/python bench/scale.py --keep     # measure again, no reload
    DEBUG=1 nice .venv/bin/python bench/scale.py --keep --cold   # search rows, OS cache dropped
(DEBUG=1 for the seeding in this process; gunicorn always runs with DEBUG off.)
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hd_i10_bench"
BASE_URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)  # one database per size
os.environ["DATABASE_URL"] = BASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
# One key for every worker (sessions, JWTs): the bench's own, never a real one.
os.environ["SECRET_KEY"] = "bench-only-secret-key-" + "0123456789abcdef" * 3

# A rare word: in RARE generated tickets at every size (and in no demo ticket), spread
# over the two years, so its pages draw the same rows at 10k (1 %) and at 1M (0.01 %, where
# the date index would have to be walked over most of the table: the GIN index must win).
WORD, RARE = "proyector", 100
COMMON = "impresora"  # in about 1 of 20
# Both words (AND): about 1 of 160, so a full page at both sizes (64 and 6,100 matches).
PAIR = "impresora cable"
# Issue 38's kinds of term. The same number of matches at every size unless a share is
# named: an absent term (a typo with digits), a word in exactly one ticket (number
# ONE_AT), an error code in 20, a label fragment (BEN-0004240..9: 10), a requester e-mail
# fragment (20), a rare surname (20), words in 0.1 % and 1 % of the tickets, two rare
# words together (the 100 tickets of WORD).
ABSENT, ONE, ONE_AT = "usuario4242", "xilófono", 4243
CODE, CODE_N = "0x80070005", 20
LABEL_PART = "BEN-000424"
EMAIL, EMAIL_PART, EMAIL_N = "compras.norte@proveedor.example", "compras.norte", 20
SURNAME, SURNAME_N = "Quiroga", 20
PERMILLE, PERCENT = "destornillador", "grapadora"  # 0.1 % and 1 % of the tickets
TWO_RARE = f"{WORD} enciende"


def demo_login(role: str) -> tuple[str, str]:
    """(e-mail, password) of a demo account, as seed_demo creates it (the one place that
    holds the demo passwords)."""
    from tickets.management.commands.seed_demo import USERS

    return next((e, p) for e, p, r, *_ in USERS if str(r).lower() == role)


STATUSES = (["CERRADO"] * 20 + ["RESUELTO"] * 10 + ["NUEVO"] * 5 + ["ASIGNADO"] * 4
            + ["EN_PROCESO"] * 4 + ["PAUSADO"] * 2 + ["TRANSFERIDO"] * 2
            + ["RECLASIFICADO", "CANCELADO", "ARCHIVADO"])  # fmt: skip
SUBJECTS = [
    "La impresora no imprime", "No puedo entrar al correo", "Wi-Fi lento en la sala",
    "Aire acondicionado no enfría", "Fuga de agua en el baño", "Cambiar contraseña",
    "Pantalla parpadea", "Silla rota", "Teclado sin respuesta", "Acceso a carpeta compartida",
    "Luz fundida en el pasillo", "Instalar programa", "Teléfono sin tono", "Puerta no cierra",
    "Ratón inalámbrico", "Reserva de sala", "Limpieza de oficina", "Cafetera averiada",
    "Paquete en recepción", "Ruido en la planta",
]  # fmt: skip
WORDS = [
    "equipo",
    "oficina",
    "piso",
    "sala",
    "usuario",
    "error",
    "urgente",
    "revisar",
    "llamar",
    "tarde",
    "mañana",
    "servidor",
    "cable",
    "red",
    "portátil",
    "monitor",
    "ventana",
    "cocina",
    "baño",
    "escalera",
    "ascensor",
    "factura",
    "pedido",
    "cliente",
    "reunión",
    "edificio",
    "llave",
    "tarjeta",
    "acceso",
    "cámara",
    "alarma",
]
NAMES = [
    "Laura",
    "Pedro",
    "Ana",
    "Luis",
    "Marta",
    "Jorge",
    "Sofía",
    "Pablo",
    "Lucía",
    "Diego",
    "Elena",
    "Raúl",
]
SURNAMES = [
    "Gómez",
    "Pérez",
    "Ruiz",
    "Díaz",
    "Torres",
    "Vargas",
    "Castro",
    "Ortega",
    "Rojas",
    "Navarro",
]


# Issue 38's rows: (kind, text, extra filter or "") in each face; ``status`` and ``area``
# are spelled per face (``search_requests``).
SEARCHES = [
    ("no match", ABSENT, ""),
    ("1 ticket", ONE, ""),
    ("code in 20", CODE, ""),
    ("label fragment, 10", LABEL_PART, ""),
    ("e-mail fragment, 20", EMAIL_PART, ""),
    ("surname in 20", SURNAME, ""),
    ("rare word in 100", WORD, ""),
    ("word in 0.1 %", PERMILLE, ""),
    ("word in 1 %", PERCENT, ""),
    ("word in 5 %", COMMON, ""),
    ("two rare words", TWO_RARE, ""),
    ("two common words, 0.6 %", PAIR, ""),
    ("rare word + status", WORD, "status"),
    ("rare word + area", WORD, "area"),
]
FACES = {  # face: (path, its status filter, its area filter, its page size)
    "portal": ("/portal/", "group=&status=CERRADO", "area={id}", ""),
    "Mesa q": ("/api/tickets/dashboard", "estado=CERRADO", "area={code}", "limit=25"),
    "admin": ("/admin/tickets/ticket/", "status__exact=CERRADO", "area__id__exact={id}", ""),
}


def first_area() -> dict:
    from accounts.models import Area

    return Area.objects.order_by("id").values("id", "code").first()


def search_requests(area: dict) -> dict:
    """``{row name: (face, path)}``: every kind of term in every face."""
    out = {}
    for kind, text, extra in SEARCHES:
        for face, (path, status, in_area, size) in FACES.items():
            params = [f"q={urllib.parse.quote(text)}", size]
            params.append({"status": status, "area": in_area.format(**area)}.get(extra, ""))
            query = "&".join(p for p in params if p)
            out[f"search, {kind} ({text}): {face}"] = (face, f"{path}?{query}")
    return out


def sql_array(values) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def use_database(size: int, fresh: bool) -> None:
    """Point this process and the servers it starts at the database of ``size`` tickets
    (``<BENCH_DATABASE_URL name>_<size>``), created, migrated and seeded when missing."""
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    url = urllib.parse.urlparse(BASE_URL)
    dbname = f"{url.path.lstrip('/')}_{size}"
    admin_url = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
        if fresh and exists:
            conn.execute(f'DROP DATABASE "{dbname}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{dbname}"')
    os.environ["DATABASE_URL"] = url._replace(path=f"/{dbname}").geturl()
    connection.close()
    connection.settings_dict["NAME"] = dbname
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)


def api_client_basic() -> tuple[str, str]:
    from accounts import api_clients
    from accounts.models import ApiClient, Membership, User

    admin = User.objects.get(email=demo_login("admin")[0])
    membership = Membership.objects.filter(user=admin).select_related("location").first()
    ApiClient.objects.filter(name="bench").delete()
    client, secret = api_clients.issue(
        name="bench", network=membership.location.network, membership=membership,
        scopes="support",
    )  # fmt: skip
    basic = "Basic " + base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
    return basic, str(membership.location.network_id)


def generated_count(cursor) -> int:
    cursor.execute("SELECT count(*) FROM tickets_ticket WHERE label LIKE 'BEN-%%'")
    return cursor.fetchone()[0]


def load(target: int, chunk: int = 100_000) -> float:
    """Generated tickets up to ``target`` (INSERT … SELECT generate_series); seconds taken."""
    from django.db import connection, transaction

    from tickets.stats_rebuild import rebuild

    started = time.perf_counter()
    with connection.cursor() as c:
        have = generated_count(c)
        if have >= target:
            return 0.0
        c.execute("SELECT id FROM accounts_location WHERE is_default LIMIT 1")
        location = c.fetchone()[0]
        c.execute("SELECT array_agg(id ORDER BY id) FROM accounts_area")
        areas = c.fetchone()[0]
        c.execute("SELECT array_agg(id ORDER BY \"order\"), array_agg(sla_hours ORDER BY \"order\") "
                  "FROM tickets_priority")  # fmt: skip
        prios, hours = c.fetchone()
        c.execute("SELECT array_agg(id) FROM accounts_user WHERE role IN ('ADMIN','MESA','AREA')")
        agents = c.fetchone()[0]
        c.execute("ALTER TABLE tickets_ticket DISABLE TRIGGER tickets_ticket_stats")
    # Two years of tickets in the order a desk creates them: ticket ``g`` of ``target`` at
    # ``(target - g)`` steps before now, so the table's physical order follows created_at
    # as in production (rows are appended as they are opened); arrays pick values by
    # residues of g.
    step = 730 * 24 * 3600 / target  # seconds between two tickets
    sql = f"""
    INSERT INTO tickets_ticket (id, number, label, location_id, type, tipo, categoria,
      subcategoria, subject, description, status, priority_id, area_id, requester_name,
      requester_email, requester_phone, requester_document, requester_company,
      requester_whatsapp, assignee_id, sla_due_at, resolved_at, created_at, updated_at,
      status_updated_at)
    SELECT gen_random_uuid(), 1000000 + g, 'BEN-' || lpad(g::text, 7, '0'), '{location}'::uuid,
      (ARRAY['access','printing','internet','other','cleaning','bookings'])[1 + g % 6],
      (ARRAY['PETICION','QUEJA','RECLAMO','SUGERENCIA','INCIDENTE','SOLICITUD','CONSULTA'])[1 + g % 7],
      (ARRAY['Hardware','Software','Redes','Edificio','Servicios'])[1 + g % 5], '',
      s.subject,
      s.subject || '. ' || w1 || ' ' || w2 || ' ' || w3 || ' ' || w4
        || CASE WHEN g % {max(target // RARE, 1)} = 7 THEN ' el {WORD} de la sala no enciende' ELSE '' END
        || CASE WHEN g = {ONE_AT} THEN ' suena un {ONE}' ELSE '' END
        || CASE WHEN g % {max(target // CODE_N, 1)} = 11 THEN ' código {CODE}' ELSE '' END
        || CASE WHEN g % 1000 = 5 THEN ' falta un {PERMILLE}' ELSE '' END
        || CASE WHEN g % 100 = 3 THEN ' pedir {PERCENT}' ELSE '' END,
      st, (ARRAY{list(prios)})[1 + g % {len(prios)}], (ARRAY{list(areas)})[1 + (g / 3) % {len(areas)}],
      CASE WHEN g % {max(target // SURNAME_N, 1)} = 17 THEN 'Marta {SURNAME}' ELSE n.name || ' ' || n.surname END,
      CASE WHEN g % {max(target // EMAIL_N, 1)} = 13 THEN '{EMAIL}' ELSE 'persona' || (g % 20000) || '@example.com' END,
      '', '', '', false,
      CASE WHEN st <> 'NUEVO' AND g % 3 > 0 THEN ({sql_array(map(str, agents))}::uuid[])[1 + g % {len(agents)}] END,
      created + make_interval(hours => (ARRAY{list(hours)})[1 + g % {len(prios)}]),
      CASE WHEN st IN ('RESUELTO','CERRADO') THEN created + make_interval(hours => 1 + g % 50) END,
      created, created + interval '1 hour', created + interval '1 hour'
    FROM generate_series(%s, %s) AS g,
    LATERAL (SELECT now() - make_interval(secs => ({target} - g) * {step}) AS created,
                    ({sql_array(STATUSES)})[1 + (g * 13) % {len(STATUSES)}] AS st,
                    ({sql_array(SUBJECTS)})[1 + (g * 7) % {len(SUBJECTS)}] AS subject,
                    ({sql_array(WORDS)})[1 + g % {len(WORDS)}] AS w1,
                    ({sql_array(WORDS)})[1 + (g / 7) % {len(WORDS)}] AS w2,
                    ({sql_array(WORDS)})[1 + (g / 11) % {len(WORDS)}] AS w3,
                    ({sql_array(WORDS)})[1 + (g / 13) % {len(WORDS)}] AS w4) AS s,
    LATERAL (SELECT ({sql_array(NAMES)})[1 + g % {len(NAMES)}] AS name,
                    ({sql_array(SURNAMES)})[1 + (g / 12) % {len(SURNAMES)}] AS surname) AS n
    """
    history = """
    INSERT INTO tickets_activity (id, ticket_id, type, actor_snapshot, data, public, created_at)
    SELECT gen_random_uuid(), t.id, 'ticketCreated', '{"rol": "ANONIMO"}'::jsonb,
           '{"status": "NUEVO"}'::jsonb, true, t.created_at
    FROM tickets_ticket t WHERE t.number > 1000000 + %s AND t.number <= 1000000 + %s
    UNION ALL
    SELECT gen_random_uuid(), t.id, 'statusUpdated', '{"rol": "MESA"}'::jsonb,
           jsonb_build_object('status', t.status), true, t.created_at + interval '1 hour'
    FROM tickets_ticket t WHERE t.number > 1000000 + %s AND t.number <= 1000000 + %s
      AND t.status <> 'NUEVO' AND (t.number % 5) < 3
    """
    try:
        for start in range(have + 1, target + 1, chunk):
            end = min(start + chunk - 1, target)
            with transaction.atomic(), connection.cursor() as c:
                c.execute(sql.replace(" % ", " %% "), [start, end])
                c.execute(history.replace(" % ", " %% "), [start - 1, end, start - 1, end])
            print(f"  loaded {end:,} tickets ({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        with connection.cursor() as c:
            c.execute("ALTER TABLE tickets_ticket ENABLE TRIGGER tickets_ticket_stats")
    rebuild()
    with connection.cursor() as c:
        c.execute("VACUUM (ANALYZE)")  # the whole database: small tables need statistics too
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        self.port = free_port()
        # Served as in production: DEBUG off (no per-query debug cursor), whatever the
        # environment that runs the script says.
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings",
               "ALLOWED_HOSTS": "127.0.0.1,localhost"}  # fmt: skip
        env.pop("REDIS_URL", None)
        env.pop("DEBUG", None)
        self.proc = subprocess.Popen(
            ["nice", str(ROOT / ".venv/bin/gunicorn"), "helpdesk.wsgi", "-w", "2",
             "-b", f"127.0.0.1:{self.port}", "--timeout", "600", "--log-level", "warning"],
            cwd=ROOT, env=env, start_new_session=True,
        )  # fmt: skip
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


class Client:
    """One keep-alive connection with cookies (and CSRF for the login form)."""

    def __init__(self, port: int, headers: dict | None = None):
        self.port, self.headers, self.cookies = port, dict(headers or {}), {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def request(self, method: str, path: str, body=None, headers=None, stream=False):
        hdrs = {**self.headers, **(headers or {})}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=hdrs)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            self.conn.request(method, path, body=body, headers=hdrs)
            response = self.conn.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        if stream:
            return response
        return response.status, response.read()

    def login(self, email: str, password: str):
        _status, html = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
        form = urllib.parse.urlencode({"username": email, "password": password,
                                       "csrfmiddlewaretoken": token})  # fmt: skip
        status, _ = self.request("POST", "/accounts/login/", form,
                                 {"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        assert status == 302, f"login failed: {status}"
        return self


def throughput(make_client, path: str, seconds: float, clients: int) -> float:
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def run(i):
        c = make_client()
        c.request("GET", path)
        while time.perf_counter() < stop:
            status, _ = c.request("GET", path)
            assert status == 200, (path, status)
            done[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - t0)


def export(client: Client) -> tuple[float, int]:
    t0 = time.perf_counter()
    # ``group=`` (all statuses): every row, not the default view's open tickets.
    response = client.request("GET", "/portal/export.csv?group=", stream=True)
    assert response.status == 200
    lines = 0
    while chunk := response.read(1 << 20):
        lines += chunk.count(b"\n")
    return time.perf_counter() - t0, lines - 1


class Site:
    """One size's database served by its own gunicorn, with logged-in clients and the
    requests of every row (the same names at every size)."""

    def __init__(self, basic: str, network: str):
        from tickets.models import Ticket

        sample = Ticket.objects.filter(label="BEN-0000001").values(
            "id", "label", "requester_email"
        ).get()
        tid = self.tid = str(sample["id"])
        self.area = first_area()
        self.server = Server()  # reads DATABASE_URL: this size's database
        port = self.port = self.server.port
        self.mesa = mesa = Client(port).login(*demo_login("mesa"))
        admin = Client(port).login(*demo_login("admin"))
        _s, body = Client(port).request(
            "POST", "/api/auth/login",
            json.dumps(dict(zip(("email", "password"), demo_login("mesa"), strict=True))),
            {"Content-Type": "application/json"},
        )  # fmt: skip
        self.bearer = {"Authorization": "Bearer " + json.loads(body)["token"]}
        self.sb = {"Authorization": basic, "spacebring-network-id": network}
        jwt, spacebring, anon = Client(port, self.bearer), Client(port, self.sb), Client(port)
        lookup = json.dumps({"label": sample["label"], "email": sample["requester_email"]})
        self.rows = {
            "portal dashboard, MESA": (mesa, "GET", "/portal/", None),
            "portal dashboard, last page": (mesa, "GET", "/portal/?last=1", None),
            "portal dashboard, all statuses, newest": (mesa, "GET", "/portal/?group=", None),
            "portal filter status=NUEVO": (mesa, "GET", "/portal/?status=NUEVO", None),
            "Mesa dashboard, page=100&limit=50": (
                jwt, "GET", "/api/tickets/dashboard?page=100&limit=50", None),
            "Mesa dashboard, deepest page: page=200&limit=50": (
                jwt, "GET", "/api/tickets/dashboard?page=200&limit=50", None),
            "Mesa dashboard, page=1000&limit=50 (400: deeper than 10,000 rows)": (
                jwt, "GET", "/api/tickets/dashboard?page=1000&limit=50", None, 400),
            "admin: tickets changelist": (admin, "GET", "/admin/tickets/ticket/", None),
            "admin: activities changelist": (admin, "GET", "/admin/tickets/activity/", None),
            "ticket page (portal)": (mesa, "GET", f"/portal/tickets/{tid}/", None),
            "Spacebring list, limit=100": (
                spacebring, "GET", "/support/tickets/v1?limit=100", None),
            "Spacebring detail": (spacebring, "GET", f"/support/tickets/v1/{tid}", None),
            "Mesa dashboard, limit=100": (jwt, "GET", "/api/tickets/dashboard?limit=100", None),
            "Mesa detail": (jwt, "GET", f"/api/tickets/{tid}", None),
            "Mesa consultar": (anon, "POST", "/api/tickets/consultar", lookup),
            "floor: bare one-query view": (anon, "GET", f"/bench/floor/{tid}", None),
        }  # fmt: skip
        clients = {"portal": mesa, "Mesa q": jwt, "admin": admin}
        for name, (role, path) in search_requests(self.area).items():
            self.rows[name] = (clients[role], "GET", path, None)

    def throughput_targets(self) -> dict:
        port, tid = self.port, self.tid
        return {
            "floor": (lambda: Client(port), f"/bench/floor/{tid}"),
            "Spacebring detail": (lambda: Client(port, self.sb), f"/support/tickets/v1/{tid}"),
            "Mesa detail": (lambda: Client(port, self.bearer), f"/api/tickets/{tid}"),
            "Spacebring list of 100": (lambda: Client(port, self.sb),
                                       "/support/tickets/v1?limit=100"),
            "Mesa dashboard of 100": (lambda: Client(port, self.bearer),
                                      "/api/tickets/dashboard?limit=100"),
        }  # fmt: skip


def measure(args, sites: dict) -> dict:
    """Latency rows paired: for each row, one request to each size in turn, ``args.n``
    times, so a change in the machine's speed (shared cores) falls on every size alike and
    the ratio compares the same moments. Then, size by size, the export and throughput."""
    results: dict = {size: {} for size in sites}
    names = list(next(iter(sites.values())).rows)
    if args.throughput_only:
        names = []
    if args.only:
        names = [name for name in names if args.only in name]
    for name in names:
        times: dict = {size: [] for size in sites}
        for size, site in sites.items():  # warm-up
            client, method, path, body, *expected = site.rows[name]
            status, _ = client.request(method, path, body, _headers(body))
            assert status == (expected or [200])[0], f"{size} {path}: {status}"
        for _ in range(args.n):
            for size, site in sites.items():
                client, method, path, body, *expected = site.rows[name]
                t0 = time.perf_counter()
                status, _ = client.request(method, path, body, _headers(body))
                times[size].append((time.perf_counter() - t0) * 1000)
                assert status == (expected or [200])[0], f"{size} {path}: {status}"
        for size in sites:
            ordered = sorted(times[size])
            results[size][name] = {
                "p50": statistics.median(ordered),
                "p95": ordered[int(0.95 * (len(ordered) - 1))],
            }
        print(f"  {name}: " + ", ".join(f"{size:,} p50 {results[size][name]['p50']:.1f} ms"
                                       for size in sites), flush=True)  # fmt: skip
    if args.only:
        return results
    for size, site in sites.items():
        if not args.throughput_only:
            seconds, exported = export(site.mesa)
            results[size]["portal CSV export, all rows"] = {"seconds": seconds, "rows": exported}
            print(f"  {size:,} export: {exported:,} rows in {seconds:.1f} s", flush=True)
        rps = {}
        for name, (make, path) in site.throughput_targets().items():
            rps[name] = throughput(make, path, args.seconds, args.clients)
            print(f"  {size:,} throughput {name}: {rps[name]:.0f}/s", flush=True)
        results[size]["throughput"] = rps
    return results


def _headers(body):
    return {"Content-Type": "application/json"} if body else None


def report(sizes, results, load_seconds) -> str:
    small, large = sizes[0], sizes[-1]
    a, b = results[small], results[large]
    lines = [
        f"PostgreSQL 15, gunicorn 2 workers (`bench/settings.py`), demo data plus generated "
        f"tickets (1.6 history entries each), sequential keep-alive requests after a warm-up, "
        f"alternating between the sizes' servers, "
        f"`nice`, 2 shared cores. `{Path(sys.argv[0]).name} {' '.join(sys.argv[1:])}`; "
        f"load of {large:,}: {load_seconds.get(large, 0):.0f} s.",
        "",
        f"| request | {small:,} p50 / p95 ms | {large:,} p50 / p95 ms | ratio (p50) |",
        "|---|---|---|---|",
    ]
    for name, row in a.items():
        if name in ("throughput", "portal CSV export, all rows"):
            continue
        other = b[name]
        lines.append(
            f"| {name} | {row['p50']:.1f} / {row['p95']:.1f} | {other['p50']:.1f} / "
            f"{other['p95']:.1f} | {other['p50'] / row['p50']:.2f}× |"
        )
    for size in sizes:
        e = results[size]["portal CSV export, all rows"]
        lines.append(
            f"| portal CSV export at {size:,} | {e['rows']:,} rows in {e['seconds']:.2f} s | "
            f"{e['rows'] / max(e['seconds'], 1e-9):,.0f} rows/s | |"
        )
    lines += ["", f"Throughput at {large:,} tickets (requests/s, share of the floor):", ""]
    lines += ["| endpoint | req/s | of floor |", "|---|---|---|"]
    rps = b["throughput"]
    for name, value in rps.items():
        lines.append(f"| {name} | {value:.0f} | {value / rps['floor'] * 100:.0f} % |")
    return "\n".join(lines)


def search_pages(cold: bool = False) -> dict:
    """Pages (8 KiB, hit + read) each search row's request touches, in this process; with
    ``cold``, each request's time right after the database's files left the OS cache."""
    from django.test import Client as TestClient

    from accounts.models import User
    from bench import search_buffers

    def login(face):
        if face == "Mesa q":
            body = TestClient().post(
                "/api/auth/login", dict(zip(("email", "password"), demo_login("mesa"), strict=True)),
                content_type="application/json", HTTP_HOST="127.0.0.1",
            ).json()  # fmt: skip
            return TestClient(HTTP_AUTHORIZATION="Bearer " + body["token"])
        client = TestClient()
        who = demo_login("admin" if face == "admin" else "mesa")[0]
        client.force_login(User.objects.get(email=who))
        return client

    if cold:
        found = search_buffers.cold(search_requests(first_area()), login)
        for name, ms in found.items():
            print(f"  {name}: {ms:.0f} ms cold", flush=True)
        return found
    found = search_buffers.measure(search_requests(first_area()), login)
    for name, (used, ms) in found.items():
        print(f"  {name}: {used} pages, slowest query {ms:.1f} ms", flush=True)
    return found


def pages_report(sizes, pages) -> str:
    if not pages:
        return ""
    small, large = sizes[0], sizes[-1]
    lines = [
        "Pages each search request reads (8 KiB shared buffers, hit + read, of every "
        "query that reads the tickets, under `EXPLAIN (ANALYZE, BUFFERS)`; a cold cache "
        "reads at most these from disk) and its slowest query's time in the database:",
        "",
        f"| search request | {small:,}: pages / ms | {large:,}: pages / ms |",
        "|---|---|---|",
    ]
    for name, (used, ms) in pages[small].items():
        other = pages.get(large, {}).get(name, (0, 0.0))
        lines.append(f"| {name} | {used:,} / {ms:.1f} | {other[0]:,} / {other[1]:.1f} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--n", type=int, default=15, help="timed requests per row")
    parser.add_argument("--seconds", type=float, default=5.0, help="per throughput run")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--keep", action="store_true", help="reuse the loaded databases")
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--only", help="only the latency rows whose name holds this text "
                        "(then no export, no throughput, nothing written)")  # fmt: skip
    parser.add_argument("--throughput-only", action="store_true",
                        help="only the throughput runs (implies --no-write)")  # fmt: skip
    parser.add_argument("--cold", action="store_true",
                        help="only the search rows, each once with the database's files "
                        "dropped from the OS cache (same host, root); nothing written")  # fmt: skip
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    import django

    django.setup()
    load_seconds, sites, pages = {}, {}, {}
    try:
        for size in sizes:
            print(f"{size:,} tickets", flush=True)
            use_database(size, fresh=not args.keep)
            basic, network = api_client_basic()
            load_seconds[size] = load(size)
            if args.cold:
                search_pages(cold=True)
                continue
            if not args.throughput_only:
                pages[size] = search_pages()
            sites[size] = Site(basic, network)
        if args.cold:
            return
        results = measure(args, sites)
    finally:
        for site in sites.values():
            site.server.stop()
    if args.only:
        return
    if args.throughput_only:
        for size in sizes:
            rps = results[size]["throughput"]
            print(f"{size:,}: " + ", ".join(
                f"{k} {v:.0f}/s ({v / rps['floor'] * 100:.0f} %)" for k, v in rps.items()))  # fmt: skip
        return
    text = report(sizes, results, load_seconds) + "\n\n" + pages_report(sizes, pages)
    print(text)
    if not args.no_write:
        from bench.results import write_section

        write_section("Scale (PostgreSQL, gunicorn)", text)


if __name__ == "__main__":
    main()
