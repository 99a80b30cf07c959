"""CSV export of the dashboard's filtered list."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

URL = reverse("portal:export")


def rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize(("role", "status"), [("mesa", 200), ("usuario", 403)])
def test_export_is_for_agents(client_for, ticket, role, status):
    response = client_for(role).get(URL)
    assert response.status_code == status
    if status == 200:
        assert [row[0] for row in rows(response)[1:]] == [ticket.label]
    else:
        assert not response.streaming and ticket.label not in response.content.decode()


def test_export_follows_filters_and_visibility(client_for, make_ticket, area_b):
    a = make_ticket(subject="Proyector")
    b = make_ticket(subject="Puerta", area=area_b)
    labels = {r[0] for r in rows(client_for("area_own").get(URL))[1:]}
    assert labels == {a.label}
    labels = {r[0] for r in rows(client_for("mesa").get(URL, {"q": "Puerta"}))[1:]}
    assert labels == {b.label}


def test_export_of_a_search_without_matches_is_the_header_alone(client_for, make_ticket):
    make_ticket(subject="Puerta")
    response = client_for("mesa").get(URL, {"q": "usuario4242", "group": ""})
    assert response.status_code == 200
    data = rows(response)
    assert len(data) == 1 and data[0]


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


def raw(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_export_quotes_every_cell_and_defuses_formulas_after_any_separator(client_for, make_ticket):
    make_ticket(subject="Impresora;=1+1", categoria="a,+b|@c\t-d", requester_name="Ana; =x")
    body = raw(client_for("mesa").get(URL))
    line = body.splitlines()[1]
    assert line.startswith('"TKT-') and line.endswith('"')
    cells = next(csv.reader(io.StringIO(line)))
    assert cells[1] == "Impresora;'=1+1"
    assert cells[3] == "a,'+b|'@c\t'-d"
    assert cells[4] == "Ana; '=x"
    # A spreadsheet splitting on ";" (Spanish locales), "," or "|" sees text, never a formula.
    for separator in ";,|\t":
        for piece in line.split(separator):
            assert not piece.strip().lstrip('"').startswith(("=", "+", "@"))


def test_export_writes_the_same_bytes_from_postgres_copy_and_from_python(
    client_for, make_ticket, users
):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    from django.utils import timezone

    from portal.views.dashboard import filtered_tickets, ordered_list
    from reports import csv_cells
    from tickets import services

    tricky = ["Impresora;=1+1", '"quoted", text', "línea\r\nnueva", "-5", "@SUM(A1)", "café"]
    for i, text in enumerate(tricky):
        t = make_ticket(subject=text, categoria=text, requester_name=text)
        if i % 2:
            services.ticket_assign(actor=users["mesa"], ticket=t, assignee=users["area_own"])
        if i % 3 == 0:
            services.ticket_change_status(actor=users["mesa"], ticket=t, status="RESUELTO")
    # Every status (the dashboard's default view lists open tickets only).
    request = client_for("mesa").get(reverse("portal:dashboard"), {"group": ""}).wsgi_request
    now = timezone.now()
    qs = ordered_list(filtered_tickets(request))
    copied = b"".join(csv_cells.copy_rows(qs, now=now))
    written = b"".join(csv_cells.python_rows(qs, now=now))
    assert copied.splitlines() == written.splitlines()
    assert copied == written
    assert copied.count(b"Impresora;'=1+1") == 3  # subject, category, requester


def test_export_streams_in_batches_not_one_chunk_per_row(client_for, make_ticket):
    for _ in range(5):
        make_ticket()
    chunks = list(client_for("mesa").get(URL).streaming_content)
    assert len(chunks) == 2  # the header, then the rows in one batch


def test_postgres_export_sorts_instead_of_walking_the_date_index_only_for_itself(
    client_for, make_ticket
):
    """A whole-table export reads the heap in order and sorts (the date index visits it in
    random order); the setting is local to the export's transaction."""
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    make_ticket(subject="Uno")
    client = client_for("mesa")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"group": ""})
        assert [r[1] for r in rows(response)[1:]] == ["Uno"]
    assert any("SET LOCAL enable_indexscan = off" in q["sql"] for q in ctx.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_indexscan")
        assert cursor.fetchone()[0] == "on"


def test_the_prefilter_characters_are_those_a_formula_starts_with():
    from reports import csv_cells

    patterns = (csv_cells.FORMULA_START, csv_cells.FORMULA_AT_START,
                csv_cells.FORMULA_AFTER_SEPARATOR)  # fmt: skip
    for pattern in patterns:
        lookahead = re.search(r"\(\?=\[([^\]]*)\]\)$", pattern).group(1)
        assert set(lookahead) == set(csv_cells.RISK_CHARS)
    risk = re.search(r"\[([^\]]*)\]$", csv_cells.FORMULA_RISK).group(1)
    assert set(risk) == set(csv_cells.RISK_CHARS)


CELL_TEXT = st.text(alphabet=" ,;|\t\r\n-=+@'\"aZ0é", max_size=12)


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CELL_TEXT)
def test_postgres_defuses_any_text_as_python_does(text):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    from reports import csv_cells

    sql, params = csv_cells.defused_sql("%s")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", (text, *params))
        assert cursor.fetchone()[0] == csv_cells.defuse(text)


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CELL_TEXT, min_size=8, max_size=8), CELL_TEXT)
def test_postgres_defuses_a_rows_text_cells_as_python_defuses_each_cell(texts, own_words):
    """One risk test per row (the cells joined by line ends), then every text cell of a
    risky row defused: the same cells as testing and defusing each one; a cell that is not
    text (a status, a date) is never touched."""
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    from django.db.models import TextField, Value

    from reports import csv_cells

    assert len(csv_cells.TEXT_CELLS) == len(texts)
    values = [Value(text, output_field=TextField()) for text in texts]
    risky, risky_params = csv_cells._RowRisk(*values).as_sql(_Compiler(), connection)
    columns = ", ".join(f'%s AS "{name}"' for name in csv_cells.TEXT_CELLS)
    inner = f'SELECT {columns}, %s AS "c03", {risky} AS "risky"'
    names = [*csv_cells.TEXT_CELLS, "c03"]
    outer, outer_params = csv_cells.defusing_select(inner, names)
    with connection.cursor() as cursor:
        cursor.execute(outer, (*outer_params, *texts, own_words, *risky_params))
        assert list(cursor.fetchone()) == [*map(csv_cells.defuse, texts), own_words]


class _Compiler:
    """Enough of a SQL compiler for one expression over literals."""

    def compile(self, node):
        return "%s", [node.value]
