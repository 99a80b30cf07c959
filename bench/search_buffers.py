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
