"""Absolute query counts of the four hot API reads (issue 10: fewer, narrower queries).

Lower them freely; raise one only with a reason. Before issue 10: Spacebring detail 6,
Spacebring list 4, Mesa detail 3, Mesa dashboard 3; issue 12 (attachments) then added
one query to each detail: the files of its history.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.mesa.conftest import bearer, token_of
from tickets import services


def count(client, url) -> int:
    client.get(url)  # the first call may record last_used_at
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_mesa_detail_and_dashboard(make_ticket, mesa_user, area_a_user):
    from rest_framework.test import APIClient

    client = APIClient()
    ticket = make_ticket()
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
    bearer(client, token_of(mesa_user))
    # user; ticket; history; the history's files (issue 12)
    assert count(client, f"/api/tickets/{ticket.pk}") == 4
    assert count(client, "/api/tickets/dashboard?page=2&limit=1") == 3  # user; total; rows


def test_mesa_reads_load_only_the_columns_they_show(make_ticket, mesa_user, area_a_user):
    """``tickets.selectors.api``: the dashboard rows carry no description nor requester
    document; neither read loads an agent's password hash or the actor of a history entry
    (the entry shows its snapshot)."""
    from rest_framework.test import APIClient

    client = APIClient()
    ticket = make_ticket()
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
    bearer(client, token_of(mesa_user))

    def reads(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        # The first query is the caller's own account (simplejwt).
        return [q["sql"] for q in ctx.captured_queries[1:]]

    for sql in reads("/api/tickets/dashboard"):
        assert '"tickets_ticket"."description"' not in sql
        assert '"tickets_ticket"."requester_document"' not in sql
        assert '"accounts_user"."password"' not in sql
    detail = reads(f"/api/tickets/{ticket.pk}")
    assert any('"tickets_ticket"."requester_document"' in sql for sql in detail)  # shown
    for sql in detail:
        assert '"accounts_user"."password"' not in sql
        assert '"tickets_activity"."actor_id"' not in sql
