"""CSV export of the dashboard's filtered list."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

URL = reverse("portal:export")


def rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize(("role", "status"), [("mesa", 200), ("usuario", 403)])
def test_export_is_for_agents(client_for, ticket, role, status):
    assert client_for(role).get(URL).status_code == status


def test_export_follows_filters_and_visibility(client_for, make_ticket, area_b):
    a = make_ticket(subject="Proyector")
    b = make_ticket(subject="Puerta", area=area_b)
    labels = {r[0] for r in rows(client_for("area_own").get(URL))[1:]}
    assert labels == {a.label}
    labels = {r[0] for r in rows(client_for("mesa").get(URL, {"q": "Puerta"}))[1:]}
    assert labels == {b.label}


def test_export_defuses_spreadsheet_formulas(client_for, make_ticket):
    make_ticket(subject='=HYPERLINK("http://evil")')
    data = rows(client_for("mesa").get(URL))
    assert data[1][1].startswith("'=")


def test_export_query_count_is_fixed(client_for, make_ticket):
    client = client_for("mesa")
    make_ticket()
    client.get(URL)

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            n = len(rows(client.get(URL))) - 1
        return len(ctx.captured_queries), n

    small = measure()
    for _ in range(30):
        make_ticket()
    large = measure()
    assert small[1] == 1 and large[1] == 31
    assert small[0] == large[0]
