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
