"""Issue 38: a search reads a bounded number of pages whatever the planner guesses.

A bulk load of ``ROWS`` tickets, no ``ANALYZE`` since (autovacuum off for the table): the
statistics list none of the searched lexemes, so PostgreSQL prices any term at 0.5 % of the
table and, for a page ordered by date, would walk the ``(created_at, id)`` index over every
ticket looking for a term that is not there. Each face's request is captured and every
query it sends to the ticket table is run again under ``EXPLAIN (ANALYZE, BUFFERS)``.
"""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.jwt import tokens_for
from tests.conftest import PASSWORD
from tickets.models import Ticket
from tickets.selectors import search

pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'")

ROWS = 40_000
# Pages (8 KiB buffers, hit + read) a search request may read in all: its probe, page and
# counts. Walking the table (the bug) reads one per row visited: ``ROWS`` or more.
PAGES = 600
ABSENT = "usuario4242"


@pytest.fixture
def bulk_loaded(make_ticket, area_b):
    """``ROWS`` tickets copied from one in SQL, oldest first, half of them in area B,
    every one of them "impresora"; no ``ANALYZE``. Committed (the test is transactional):
    rows inserted and rolled back by earlier tests would linger as dead tuples that every
    scan reads, which no real table keeps for long (VACUUM)."""
    seed = make_ticket()
    columns = [f.column for f in Ticket._meta.concrete_fields]
    fresh = {
        "id": "gen_random_uuid()",
        "number": "t.number + g",
        "label": "'BLK-' || lpad(g::text, 7, '0')",
        "created_at": f"now() - make_interval(mins => {ROWS} - g + 1)",
        "area_id": f"CASE WHEN mod(g, 2) = 0 THEN {area_b.pk} ELSE t.area_id END",
        "description": "'La impresora del piso ' || g || ' no imprime.'",
    }
    select = ", ".join(fresh.get(c, f"t.{c}") for c in columns)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending events before ALTER
        cursor.execute("ALTER TABLE tickets_ticket SET (autovacuum_enabled = off)")
        cursor.execute("ALTER TABLE tickets_ticket DISABLE TRIGGER tickets_ticket_stats")
        cursor.execute(
            f"INSERT INTO tickets_ticket ({', '.join(columns)}) SELECT {select} "
            "FROM tickets_ticket t, generate_series(1, %s) g WHERE t.id = %s",
            [ROWS, seed.pk],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE tickets_ticket ENABLE TRIGGER tickets_ticket_stats")
        # What autovacuum's VACUUM would do (not its ANALYZE): move the GIN indexes' pending
        # lists (new entries kept unsorted, up to ``gin_pending_list_limit``, 4 MB, each)
        # into the indexes proper. Every scan of a GIN index reads its whole pending list.
        for index in ("ticket_search_vector", "ticket_label_trgm", "ticket_email_trgm"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = 'tickets_ticket' "
            "AND attname = 'search_vector' AND %s = ANY(most_common_elems::text::text[])",
            ["usuario4242"],
        )
        assert cursor.fetchone()[0] == 0  # no statistic lists the searched lexeme
    yield seed
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE tickets_ticket RESET (autovacuum_enabled)")


def pages_read(request) -> tuple[int, int]:
    """(pages, ticket rows visited by the plans shown) of every ticket query ``request()``
    sends."""
    with CaptureQueriesContext(connection) as ctx:
        response = request()
    assert response.status_code == 200
    pages = rows = 0
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or "tickets_ticket" not in sql:
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            raw = cursor.fetchone()[0]
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
            pages += plan["Shared Hit Blocks"] + plan["Shared Read Blocks"]
            rows += _ticket_rows(plan)
    return pages, rows


def _ticket_rows(node) -> int:
    own = 0
    if node.get("Relation Name") == "tickets_ticket":
        seen = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
        own = seen * node["Actual Loops"]
    return own + sum(_ticket_rows(child) for child in node.get("Plans", []))


def _logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)
    return client


def _mesa(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(user)['token']}")
    return client


FACES = {
    "portal, ranked": ("mesa", "/portal/?group=&q={q}"),
    "portal, newest first": ("mesa", "/portal/?group=&ordering=-created&q={q}"),
    "portal, with status": ("mesa", "/portal/?group=&status=NUEVO&q={q}"),
    "portal, with area": ("mesa", "/portal/?group=&area={area}&q={q}"),
    "portal, AREA agent's own area": ("area_other", "/portal/?group=&q={q}"),
    "Mesa q": ("mesa api", "/api/tickets/dashboard?limit=25&q={q}"),
    "Mesa q with estado": ("mesa api", "/api/tickets/dashboard?limit=25&estado=NUEVO&q={q}"),
    "admin tickets": ("admin", "/admin/tickets/ticket/?q={q}"),
    "admin tickets with status": ("admin", "/admin/tickets/ticket/?status__exact=NUEVO&q={q}"),
    "admin history": ("admin", "/admin/tickets/activity/?q={q}"),
}


def _request(users, area_b, face: str, text: str):
    who, path = FACES[face]
    client = _mesa(users["mesa"]) if who == "mesa api" else _logged_in(users[who])
    url = path.format(q=text, area=area_b.pk)
    return lambda: client.get(url)


@pytest.mark.django_db(transaction=True)
def test_an_absent_term_reads_a_bounded_number_of_pages_without_statistics(
    bulk_loaded, users, area_b
):
    """Every face, alone and with the other filters (status, area, an AREA agent's own
    area): the probe finds nothing through the indexes and the list reads no row."""
    over = {}
    for face in FACES:
        pages, rows = pages_read(_request(users, area_b, face, ABSENT))
        if pages > PAGES or rows > search.SEARCH_PROBE:
            over[face] = (pages, rows)
    assert over == {}


@pytest.mark.django_db(transaction=True)
def test_a_common_term_reads_at_most_its_window(bulk_loaded, users, area_b, monkeypatch):
    """Every ticket says "impresora": past the probe's cap the term is common and is
    searched among the newest tickets only (here 1,000), however many older matches
    there are. The window is a date range priced from the column's statistics."""
    monkeypatch.setattr(search, "SEARCH_PROBE", 100)
    monkeypatch.setattr(search, "SEARCH_WINDOW", 1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tickets_ticket")
    over = {}
    for face in ("portal, ranked", "portal, newest first", "Mesa q", "admin tickets"):
        pages, rows = pages_read(_request(users, area_b, face, "impresora"))
        if pages > 4 * PAGES or rows > 4 * 1000:
            over[face] = (pages, rows)
    assert over == {}
