"""Absolute query counts of the four hot API reads (issue 10: fewer, narrower queries).

Lower them freely; raise one only with a reason. Before issue 10: Spacebring detail 6,
Spacebring list 4, Mesa detail 3, Mesa dashboard 3; issue 12 (attachments) then added
one query to each detail: the files of its history.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tickets import services

SPACEBRING = "/support/tickets/v1"


def count(client, url) -> int:
    client.get(url)  # the first call may record last_used_at
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_spacebring_detail_and_list(admin_api, make_ticket, admin_user, area_a_user):
    ticket = make_ticket(requester=admin_user)
    services.ticket_assign(actor=admin_user, ticket=ticket, assignee=area_a_user)
    services.ticket_comment(actor=area_a_user, ticket=ticket, text="Revisando")
    # auth; ticket with users and memberships; activities; their files (issue 12);
    # memberships named in history
    assert count(admin_api, f"{SPACEBRING}/{ticket.pk}") == 5
    # auth; page; requester and assignee memberships
    assert count(admin_api, f"{SPACEBRING}?limit=100") == 4


def test_spacebring_detail_orders_only_the_history(admin_api, make_ticket, admin_user):
    """One row by key needs no ORDER BY (Django spends compile time per selected column on
    one): the client lookup and the ticket are unordered; the history stays oldest first."""
    ticket = make_ticket(requester=admin_user)
    url = f"{SPACEBRING}/{ticket.pk}"
    admin_api.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert admin_api.get(url).status_code == 200
    client_sql, ticket_sql = ctx.captured_queries[0]["sql"], ctx.captured_queries[1]["sql"]
    assert "accounts_apiclient" in client_sql and "ORDER BY" not in client_sql
    assert '"tickets_ticket"."id" =' in ticket_sql and "ORDER BY" not in ticket_sql
    history = [q["sql"] for q in ctx.captured_queries if 'FROM "tickets_activity"' in q["sql"]]
    assert len(history) == 1 and "ORDER BY" in history[0]
    assert 'LEFT OUTER JOIN "accounts_user" ON ("tickets_activity"."actor_id"' not in history[0]


def _sql(client, url) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_spacebring_reads_load_only_the_columns_the_objects_show(
    admin_api, make_ticket, admin_user, area_a_user
):
    """``tickets.selectors.api``: no password hash, no requester document, no SLA bookkeeping
    in the ticket, list or history queries (the objects show none of them)."""
    ticket = make_ticket(requester=admin_user)
    services.ticket_assign(actor=admin_user, ticket=ticket, assignee=area_a_user)
    for url in (f"{SPACEBRING}/{ticket.pk}", f"{SPACEBRING}?limit=100"):
        reads = [s for s in _sql(admin_api, url) if "accounts_apiclient" not in s]
        assert reads
        for sql in reads:
            assert '"accounts_user"."password"' not in sql
            assert '"tickets_ticket"."requester_document"' not in sql
            assert '"tickets_ticket"."sla_warned_at"' not in sql
            assert '"tickets_activity"."actor_snapshot"' not in sql
