"""The one ticket search (portal, Mesa ``q``, admin): bounded work for every term.

PostgreSQL: full-text over ``search_vector`` (GIN; Spanish stems, accents folded) or a
fragment of the label or e-mail (trigram GIN indexes). The planner cannot be trusted to
guess how many tickets a term matches: ``ANALYZE`` lists only the frequent lexemes and
prices every other one (a rare word, an error code, a surname, a typo) at a flat share of
the table, so it would walk the date index hoping to meet 25 matches soon — over the whole
table (or the whole of one area or status) for a term that is absent. So a search first
asks the indexes themselves:

1. **Probe** (one query, ``helpdesk_search_ids``, migration ``tickets/0013``): when the
   statistics list the term as matching more than ``SEARCH_COMMON × SEARCH_PROBE``
   tickets (they list every frequent lexeme) it is common, and nothing is read.
   Otherwise up to ``SEARCH_PROBE + 1`` ids of tickets matching the text alone, read by
   bitmap scans of the search's indexes only (sequential and plain index scans are off
   for that one statement): a rare or absent term costs its index entries and at most
   ``SEARCH_PROBE + 1`` rows, whatever the statistics guessed.
2. **A rare term** (``SEARCH_PROBE`` matches or fewer): the list (with every other
   filter: status, area, assignee, tags, a saved view, the role's areas) is narrowed to
   those ids (``pk IN (…)``): every later sort, page, count or ranking reads at most that
   many rows.
3. **A common term** (listed as such, or the probe is full): its matches among the newest
   ``SEARCH_WINDOW`` tickets of the desk (a literal date range found by an index-only walk
   of that many entries of ``(created_at, id)``). A term the statistics count at
   ``SEARCH_INDEXED`` matches or fewer may be read through its index (the planner then
   intersects it with the range, or walks the range); a more frequent one, or one they do
   not know, is tested in a form no index serves (``Unindexed``): the planner walks the
   range newest first and stops at its page, or narrows it through another filter's
   index. No plan reads past the window or decodes more than ``SEARCH_INDEXED`` entries.

SQLite (development): ``icontains`` over the same fields, nothing bounded.
"""

from datetime import UTC, datetime

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Expression
from django.db.models.functions import Cast

from tickets.models import Ticket

SEARCH_CONFIG = "helpdesk_es"  # Spanish stemming with accents folded (migration 0005)
TRIGRAM_MIN = 3  # shorter fragments cannot use a trigram index: words only
# A ranked search orders at most this many matches, the newest ones.
SEARCH_CANDIDATES = 200
# The probe's cap: a term with more matches than this in the desk is "common".
SEARCH_PROBE = 1000
# A term the statistics price above this many times ``SEARCH_PROBE`` matches is common
# without probing (its posting lists are long: 50,000 entries take 20-50 ms to read).
SEARCH_COMMON = 5
# A common term the statistics count at this many matches or fewer may still be read
# through its index (decoding 20,000 GIN entries takes a few ms; walking the window for a
# word in 1 % of its tickets reads all of it); a more frequent one, or one whose frequency
# the statistics do not know, is tested on the window's rows only.
SEARCH_INDEXED = 20_000
# A common term is searched among this many newest tickets of the desk.
SEARCH_WINDOW = 20_000
_DAWN = datetime(1, 1, 1, tzinfo=UTC)
_NOTHING = Value(False, output_field=BooleanField())


class SearchVectorColumn(Expression):
    """The ``search_vector`` column (PostgreSQL only, made by migration 0005; not a model
    field) of the query's own ticket table: its alias is read when compiling, so the search
    also works inside subqueries (``U0``), where a fixed table name would correlate."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = next(iter(compiler.query.alias_map))
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


class Unindexed(Func):
    """``(condition) IS TRUE``: the same rows as the condition, in a form no index serves
    (an index can only answer an operator clause). For a common term, so the planner can
    only walk the window in date order (stopping at its page) or narrow it through the
    other filters' indexes: a GIN scan of a frequent word decodes every one of its entries
    (50,000 at 1M tickets: 20+ ms, growing with the table)."""

    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()


def _search_q(text: str, vendor: str) -> tuple[Q, SearchQuery | None]:
    """(filter, full-text query or ``None``) for ``text`` on the database ``vendor``."""
    if vendor != "postgresql":
        return (
            Q(label__icontains=text)
            | Q(subject__icontains=text)
            | Q(description__icontains=text)
            | Q(requester_name__icontains=text)
            | Q(requester_email__icontains=text)
        ), None
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    q = Q(search_vector=query)
    # Fragments of a label or an e-mail (pg_trgm indexes). Neither holds whitespace, so a
    # text with a space cannot be one: leaving the fragments out then spares every row the
    # two ``UPPER(…) LIKE`` a scan in date order would test (half its cost at 1M tickets).
    if len(text) >= TRIGRAM_MIN and not any(char.isspace() for char in text):
        q |= Q(label__icontains=text) | Q(requester_email__icontains=text)
    return q, query


def probe_ids(q: Q, using: str) -> tuple[list | None, float]:
    """(up to ``SEARCH_PROBE + 1`` ids of tickets matching ``q``, the planner's estimate of
    its matches). The text alone (no other filter can lend the planner its index), read
    through bitmap scans of the search's indexes only, never a walk of the table in some
    order; the ids are ``None`` when the statistics list the term as matching more than
    ``SEARCH_COMMON × SEARCH_PROBE`` tickets (then nothing is read). One query."""
    probe = Ticket.objects.using(using).alias(search_vector=SearchVectorColumn()).filter(q)
    probe = probe.order_by().values_list("pk", flat=True)[: SEARCH_PROBE + 1]
    connection = connections[using]
    sql, params = probe.query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM helpdesk_search_ids(%s, %s)",
            [connection.ops.compose_sql(sql, params), SEARCH_COMMON * SEARCH_PROBE],
        )
        ids, estimate = cursor.fetchone()
        return ids, estimate


def window_start(using: str) -> datetime:
    """When the ``SEARCH_WINDOW``-th newest ticket of the desk was opened (the dawn of time
    on a smaller desk): an index-only walk of that many ``(created_at, id)`` entries. A
    literal, so the planner prices the range from the column's statistics."""
    newest = Ticket.objects.using(using).order_by("-created_at", "-id")
    edge = newest.values_list("created_at", flat=True)[SEARCH_WINDOW - 1 : SEARCH_WINDOW]
    return next(iter(edge), _DAWN)


def ticket_search(qs: QuerySet[Ticket], text: str, *, ranked: bool = False) -> QuerySet[Ticket]:
    """Free text over label, subject, description and requester, within ``qs`` (already
    narrowed by every other filter).

    Every match when the term has ``SEARCH_PROBE`` matches or fewer in the desk; for a
    more common term, its matches among the newest ``SEARCH_WINDOW`` tickets of the desk
    (module docstring). One query more than the list itself (the probe), two for a
    common term (the window's start). With ``ranked`` the rows carry ``rank`` (label
    match first, then ``ts_rank``) for callers to order by, and are the newest
    ``SEARCH_CANDIDATES`` of those matches: ranking reads each row it orders. An exact
    label matches one ticket (and those that quote it), so it is always among them.
    SQLite: ``icontains`` over the same fields (``rank`` is 0, nothing bounded).
    """
    text = (text or "").strip()
    if not text:
        return qs
    q, query = _search_q(text, connections[qs.db].vendor)
    if query is None:
        qs = qs.filter(q)
        return qs.annotate(rank=Value(0.0, output_field=FloatField())) if ranked else qs
    qs = qs.alias(search_vector=SearchVectorColumn())
    ids, estimate = probe_ids(q, qs.db)
    if ids is not None and len(ids) <= SEARCH_PROBE:
        # No match: a constant false, which still compiles (the export turns the list into
        # SQL) and which the planner answers without reading a row.
        matches = qs.filter(pk__in=ids) if ids else qs.filter(_NOTHING)
    else:
        if ids is not None or estimate > SEARCH_INDEXED:
            # Frequent, or of unknown frequency: no index may serve the text.
            q = Unindexed(ExpressionWrapper(q, output_field=BooleanField()))
        matches = qs.filter(q, created_at__gte=window_start(qs.db))
    if not ranked:
        return matches
    newest = matches.order_by("-created_at", "-id").values("pk")[:SEARCH_CANDIDATES]
    label_hit = Case(
        When(label__iexact=text, then=Value(1.0)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    rank = label_hit + Cast(SearchRank(F("search_vector"), query), FloatField())
    return qs.filter(pk__in=newest).annotate(rank=rank)
