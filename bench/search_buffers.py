"""Pages the search's requests touch (``bench/scale.py``, issue 38): load-independent.

Each request runs in this process (Django's test client, the size's database); every
query it sends that reads ``tickets_ticket`` is run again under
``EXPLAIN (ANALYZE, BUFFERS)`` and its shared buffers (hit + read) are added up: the
8 KiB pages the request needs, so a cold cache reads at most that many pages from disk
(the probe's own statement, inside ``helpdesk_search_ids``, is counted too). The
slowest statement's time under EXPLAIN is reported beside them.
"""

from __future__ import annotations

import json


def _explain(cursor, sql: str) -> tuple[int, float]:
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
    raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    top = plan["Plan"]
    return top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0), plan[
        "Execution Time"
    ]


def measure(requests: dict, login) -> dict:
    """``{name: (pages, slowest ms)}`` for ``{name: (role, path)}``; ``login(role)`` gives
    a test client of that role."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clients, out = {}, {}
    for name, (role, path) in requests.items():
        client = clients.get(role) or clients.setdefault(role, login(role))
        client.get(path, HTTP_HOST="127.0.0.1")  # warm (sessions, caches)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (path, response.status_code)
        pages, slowest = 0, 0.0
        with connection.cursor() as cursor:
            for query in ctx.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT") or (
                    "tickets_ticket" not in sql and "helpdesk_search_ids" not in sql
                ):
                    continue
                used, ms = _explain(cursor, sql)
                pages, slowest = pages + used, max(slowest, ms)
        out[name] = (pages, slowest)
    return out


def evict_database_files() -> int:
    """Drop the current database's files from the OS page cache (``posix_fadvise``
    DONTNEED, file by file: nothing else on the machine is touched). Needs the database's
    directory to be readable here (same host, enough rights); PostgreSQL's own shared
    buffers are not emptied (that takes a restart). Returns the files evicted."""
    import os
    from pathlib import Path

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('data_directory'), oid FROM pg_database "
            "WHERE datname = current_database()"
        )
        data_directory, oid = cursor.fetchone()
    evicted = 0
    for path in Path(data_directory, "base", str(oid)).iterdir():
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            evicted += 1
        finally:
            os.close(fd)
    return evicted


def cold(requests: dict, login) -> dict:
    """``{name: ms}``: each request once, right after evicting the database's files from
    the OS cache (``evict_database_files``), in this process."""
    import time

    clients, out = {}, {}
    for name, (role, path) in requests.items():
        client = clients.get(role) or clients.setdefault(role, login(role))
        # Log in and warm Django (not the search's pages), then the cold request.
        warm = "/api/tickets/dashboard?limit=1" if role == "Mesa q" else "/portal/"
        client.get(warm, HTTP_HOST="127.0.0.1")
        evict_database_files()
        t0 = time.perf_counter()
        response = client.get(path, HTTP_HOST="127.0.0.1")
        out[name] = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, (path, response.status_code)
    return out
