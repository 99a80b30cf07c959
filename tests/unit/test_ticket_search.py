"""``selectors.ticket_search``: PostgreSQL full-text (Spanish stems, accents folded) plus
label / e-mail fragments, ranked; SQLite ``icontains``. The same search in every face."""

import re

import pytest
from django.db import connection

from tickets import selectors
from tickets.models import Ticket
from tickets.selectors import search

pg = pytest.mark.skipif("connection.vendor != 'postgresql'")


def found(text: str, **kw) -> set[str]:
    return set(selectors.ticket_search(Ticket.objects.all(), text, **kw)
               .values_list("subject", flat=True))  # fmt: skip


@pytest.fixture
def corpus(make_ticket):
    make_ticket(subject="Impresora", description="La impresora del segundo piso no imprime.")
    make_ticket(subject="Café", description="La máquina de café pierde agua.",
                requester_email="jorge.navarro@example.com")  # fmt: skip
    make_ticket(subject="Silla", description="Silla rota en recepción.",
                requester_name="Lucía Ortega")  # fmt: skip


def test_finds_by_words_of_subject_description_and_requester(corpus):
    assert found("impresora") == {"Impresora"}
    assert found("recepción") == {"Silla"}
    assert found("Ortega") == {"Silla"}
    assert found("navarro") == {"Café"}
    assert found("   ") == {"Impresora", "Café", "Silla"}


def test_finds_by_fragment_of_label_and_email(corpus):
    label = Ticket.objects.get(subject="Silla").label
    assert found(label) == {"Silla"}
    assert found(label[-5:]) == {"Silla"}
    assert found("navarro@exa") == {"Café"}


@pg
def test_postgres_stems_spanish_and_folds_accents(corpus):
    assert found("impresoras") == {"Impresora"}
    assert found("cafe") == {"Café"}
    assert found("RECEPCION") == {"Silla"}
    assert found("imprimir OR silla") == {"Impresora", "Silla"}  # web-search syntax


@pg
def test_postgres_ranks_subject_before_description_and_uses_the_indexes(make_ticket):
    make_ticket(subject="Otra cosa", description="menciona el proyector de pasada")
    make_ticket(subject="Proyector", description="El proyector no enciende.")
    ranked = selectors.ticket_search(Ticket.objects.all(), "proyector", ranked=True)
    assert [t.subject for t in ranked.order_by("-rank")] == ["Proyector", "Otra cosa"]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        q, _query = search._search_q("proyec", "postgresql")
        qs = Ticket.objects.alias(search_vector=search.SearchVectorColumn()).filter(q)
        sql, params = qs.order_by().values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    for index in ("ticket_search_vector", "ticket_label_trgm", "ticket_email_trgm"):
        assert index in plan


@pytest.mark.parametrize("probe", [search.SEARCH_PROBE, 0])
def test_search_inside_a_subquery_reads_the_subquerys_own_table(corpus, monkeypatch, probe):
    """The admin's history search and the Mesa deep pages put the search in a subquery
    (with ``SEARCH_PROBE`` 0 every term is "common": the text search itself is in it)."""
    monkeypatch.setattr(search, "SEARCH_PROBE", probe)
    inner = selectors.ticket_search(Ticket.objects.all(), "impresora").values("pk")
    outer = Ticket.objects.filter(pk__in=inner)
    assert set(outer.values_list("subject", flat=True)) == {"Impresora"}
    if connection.vendor == "postgresql" and probe == 0:
        sql = str(outer.query)
        assert re.search(r"\b[A-Z]0\.search_vector", sql)  # the subquery's alias (U0, V0)
        assert '"tickets_ticket".search_vector' not in sql


def _aged(ticket, days: int):
    from datetime import timedelta

    from django.utils import timezone

    Ticket.objects.filter(pk=ticket.pk).update(created_at=timezone.now() - timedelta(days=days))
    return ticket


@pg
def test_ranked_search_orders_the_newest_matches_best_first(make_ticket, monkeypatch):
    """A common word: only the newest ``SEARCH_CANDIDATES`` matches are ranked, the best of
    them first; an older match, however good, is left to an explicit sort by date."""
    monkeypatch.setattr(search, "SEARCH_CANDIDATES", 3)
    _aged(make_ticket(subject="Proyector", description="proyector proyector"), days=30)
    _aged(make_ticket(subject="Vieja", description="menciona el proyector"), days=20)
    _aged(make_ticket(subject="Mención", description="menciona el proyector"), days=3)
    _aged(make_ticket(subject="Proyector roto", description="El proyector no va"), days=2)
    _aged(make_ticket(subject="Otra", description="el proyector de pasada"), days=1)
    ranked = selectors.ticket_search(Ticket.objects.all(), "proyector", ranked=True)
    subjects = [t.subject for t in ranked.order_by("-rank", "-created_at")]
    assert subjects[0] == "Proyector roto"
    assert sorted(subjects) == ["Mención", "Otra", "Proyector roto"]
    assert found("proyector") == {"Proyector", "Vieja", "Mención", "Proyector roto", "Otra"}


@pg
def test_ranked_search_still_finds_an_old_ticket_for_a_rare_term(make_ticket, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_CANDIDATES", 3)
    old = _aged(make_ticket(subject="Fotocopiadora", description="atasco"), days=700)
    for i in range(5):
        make_ticket(subject=f"Impresora {i}", description="La impresora no imprime.")
    assert [t.pk for t in selectors.ticket_search(Ticket.objects.all(), "atasco", ranked=True)] \
        == [old.pk]  # fmt: skip
    by_label = selectors.ticket_search(Ticket.objects.all(), old.label, ranked=True)
    assert [t.pk for t in by_label] == [old.pk]


@pg
def test_several_words_are_searched_as_words_never_as_label_or_email_fragments(corpus, monkeypatch):
    """A label or an e-mail holds no whitespace: a text with a space is matched by the
    full-text index alone (no ``LIKE`` for every row of a scan in date order)."""
    monkeypatch.setattr(search, "SEARCH_PROBE", 0)  # a common term: the walk tests the text
    assert found("impresora segundo") == {"Impresora"}
    assert found("máquina agua") == {"Café"}
    assert found("impresora agua") == set()
    several = str(selectors.ticket_search(Ticket.objects.all(), "impresora piso").query)
    single = str(selectors.ticket_search(Ticket.objects.all(), "impresora").query)
    assert "LIKE" not in several and "LIKE" in single


@pg
def test_a_common_term_lists_its_matches_among_the_newest_tickets_of_the_desk(
    make_ticket, monkeypatch
):
    """Past ``SEARCH_PROBE`` matches a term is common: the list holds its matches among the
    newest ``SEARCH_WINDOW`` tickets (with the other filters still applied); a rarer term is
    found however old its tickets."""
    monkeypatch.setattr(search, "SEARCH_PROBE", 2)
    monkeypatch.setattr(search, "SEARCH_WINDOW", 3)
    old = [_aged(make_ticket(subject=f"Impresora {d}"), days=d) for d in (40, 30, 20)]
    _aged(make_ticket(subject="Silla rota", description="Silla"), days=2)
    new = [_aged(make_ticket(subject=f"Impresora {d}"), days=d) for d in (1, 0)]
    assert found("impresora") == {"Impresora 1", "Impresora 0"}
    ranked = selectors.ticket_search(Ticket.objects.all(), "impresora", ranked=True)
    assert {t.pk for t in ranked} == {t.pk for t in new}
    assert found(old[0].label) == {"Impresora 40"}  # one match: rare, found however old
    rare_in_area = Ticket.objects.filter(area=old[0].area_id, status="NUEVO")
    assert {t.subject for t in selectors.ticket_search(rare_in_area, "silla")} == {"Silla rota"}


@pg
def test_an_absent_term_gives_an_empty_list_that_still_compiles(corpus):
    """No match: nothing is read, and the list can still be turned into SQL (the CSV export
    runs it through ``COPY``)."""
    qs = selectors.ticket_search(Ticket.objects.filter(status="NUEVO"), "usuario4242")
    assert list(qs) == [] and qs.count() == 0
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "One-Time Filter: false" in plan


@pg
def test_a_term_the_statistics_list_as_frequent_is_common_without_a_probe(make_ticket, monkeypatch):
    """Above ``SEARCH_COMMON × SEARCH_PROBE`` estimated matches the probe reads nothing
    (a frequent term's posting lists are long) and answers "common" (``None``)."""
    monkeypatch.setattr(search, "SEARCH_PROBE", 2)
    monkeypatch.setattr(search, "SEARCH_COMMON", 2)
    for _ in range(12):
        make_ticket(subject="Impresora", description="La impresora no imprime.")
    lone = make_ticket(subject="Silla", description="Silla rota.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tickets_ticket")
    ids, estimate = search.probe_ids(search._search_q("impresora", "postgresql")[0], "default")
    assert ids is None and estimate > 4
    ids, estimate = search.probe_ids(search._search_q("silla", "postgresql")[0], "default")
    assert ids == [lone.pk] and estimate <= 4
    assert found("silla") == {"Silla"} and len(found("impresora")) == 1  # one subject
