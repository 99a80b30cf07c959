"""The ticket list's CSV (the portal's export), written by Python or by PostgreSQL ``COPY``:
the same bytes either way. ``defuse`` also guards the report's own CSV tables.

Every cell is quoted. A text cell is defused for spreadsheets: wherever a formula could
start — at the start of the cell or after any character a spreadsheet may split on
(``, ; | TAB CR LF``), after optional spaces — and the next character is one of
``= + - @ TAB CR``, an apostrophe is put before it. So ``Impresora;=1+1`` is written
``"Impresora;'=1+1"``: a spreadsheet that splits on ``;`` (Spanish locales) sees the text
``'=1+1``, never a formula.
"""

import csv
import math
import re

from django.db import connection, transaction
from django.db.models import BooleanField, Case, F, Func, TextField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from tickets.models import Status, Tipo
from tickets.workflow import sla_clock_end_expression

# Real control characters inside the classes: the same pattern for Python and PostgreSQL.
FORMULA_START = "(^|[,;\t|\r\n])( *)(?=[-=+@\t\r])"
_FORMULA_START_RE = re.compile(FORMULA_START)
FORMULA_RISK = "(^|[,;\t|\r\n]) *[-=+@\t\r]"  # a cheap match first: most cells have none
RISK_CHARS = "-=+@\t\r"  # a formula starts with one of them (every pattern here)
# PostgreSQL's engine takes the longest of ``^`` and a separator at the start ("\r=" would
# lose its first apostrophe), so it defuses in two passes: the start, then each separator.
FORMULA_AT_START = "^( *)(?=[-=+@\t\r])"
FORMULA_AFTER_SEPARATOR = "([,;\t|\r\n])( *)(?=[-=+@\t\r])"
STAMP = "%Y-%m-%d %H:%M"
BATCH_BYTES = 64 * 1024


def defuse(text) -> str:
    text = "" if text is None else str(text)
    return _FORMULA_START_RE.sub(r"\1\2'", text)


class _Echo:
    def write(self, value):
        return value


def _writer():
    return csv.writer(_Echo(), quoting=csv.QUOTE_ALL, lineterminator="\n")


def header() -> bytes:
    names = [
        _("Label"), _("Subject"), _("Kind"), _("Category"), _("Requester"),
        _("Requester e-mail"), _("Priority"), _("Status"), _("Area"), _("Assignee"),
        _("Created"), _("Last change"), _("SLA due"), _("Hours left"),
    ]  # fmt: skip
    return ("\ufeff" + _writer().writerow([defuse(n) for n in names])).encode()


def _hours(ticket, now) -> str:
    """Wall-clock hours to ``sla_due_at`` from where the clock is, rounded down to the
    hundredth: negative exactly when breached (a ticket solved 10 s late: ``-0.01``)."""
    seconds = (ticket.sla_due_at - ticket.sla_clock_end(now)).total_seconds()
    return f"{math.floor(seconds / 36) / 100:.2f}"


def _local(value) -> str:
    return timezone.localtime(value).strftime(STAMP) if value else ""


def python_rows(qs, *, now):
    """Any database: the queryset through the ``csv`` module, 500 rows per fetch."""
    writer = _writer()
    batch: list[str] = []
    for t in qs.iterator(chunk_size=500):
        assignee = (t.assignee.full_name or t.assignee.email) if t.assignee else ""
        texts = (
            t.label, t.subject, t.get_tipo_display(), t.categoria, t.requester_name,
            t.requester_email, t.priority.name, t.get_status_display(), t.area.name, assignee,
        )  # fmt: skip
        stamps = (_local(t.created_at), _local(t.updated_at), _local(t.sla_due_at))
        batch.append(writer.writerow([*map(defuse, texts), *stamps, _hours(t, now)]))
        if len(batch) >= 200:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


# PostgreSQL: the same cells as SQL expressions over the same queryset.


def defused_sql(sql: str) -> tuple[str, tuple]:
    """SQL for ``defuse`` of the text ``sql`` (never NULL), and its parameters."""
    return (
        f"regexp_replace(regexp_replace({sql}, %s, %s), %s, %s, 'g')",
        (FORMULA_AT_START, r"\1'", FORMULA_AFTER_SEPARATOR, r"\1\2'"),
    )


class _Text(Func):
    output_field = TextField()
    template = "COALESCE((%(expressions)s)::text, '')"


class _RowRisk(Func):
    """Whether a formula could start in any of the cells: one match over the cells joined
    by a line end, itself a separator, so a cell's start follows it and nothing spans two
    cells (a space run stops at it and a risky character is never a line end). The same
    answer as matching each cell, in one regex call per row instead of one per cell."""

    function = "concat_ws"
    output_field = BooleanField()

    def __init__(self, *expressions):
        super().__init__(Value("\n", output_field=TextField()), *expressions)

    def as_sql(self, compiler, conn, **extra):
        sql, params = super().as_sql(compiler, conn, **extra)
        return f"({sql}) ~ %s", (*params, FORMULA_RISK)


class _LocalStamp(Func):
    output_field = TextField()

    def __init__(self, expression, tz_name: str):
        super().__init__(expression)
        self.tz_name = tz_name

    def as_sql(self, compiler, conn, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"COALESCE(to_char(({sql}) AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI'), '')",
            (*params, self.tz_name),
        )


class _HoursLeft(Func):
    """``_hours`` in SQL: the due instant less where the clock is
    (``workflow.sla_clock_end_expression``), rounded down to the hundredth of an hour."""

    output_field = TextField()
    template = (
        "to_char(floor((EXTRACT(EPOCH FROM (%(expressions)s)) / 36)::numeric) / 100,"
        " 'FM999999999990.00')"
    )

    def __init__(self, now):
        super().__init__(F("sla_due_at") - sla_clock_end_expression(now))


def _label(field: str, choices) -> Case:
    whens = [When(**{field: value}, then=Value(str(label))) for value, label in choices]
    return Case(*whens, default=F(field), output_field=TextField())


# The text cells, defused; the other cells are our own words, dates and numbers.
TEXT_CELLS = ("c01", "c02", "c04", "c05", "c06", "c07", "c09", "c10")


def copy_rows(qs, *, now):
    """PostgreSQL: ``COPY (the queryset's SELECT) TO STDOUT`` in CSV, streamed in batches.

    The queryset's SELECT gives each cell plainly and whether the row is risky
    (``_RowRisk``); an outer SELECT defuses the text cells of the risky rows only. Its
    inner query is ordered, so PostgreSQL keeps it a subquery (never merges it into the
    outer one, which would repeat the risk test per cell) and the outer one reads its rows
    in that order."""
    tz_name = timezone.get_current_timezone_name()
    assignee = Func(
        Func(Value(" "), F("assignee__name"), F("assignee__surname"), function="concat_ws"),
        function="btrim",
        output_field=TextField(),
    )
    cells = {
        "c01": _Text(F("label")),
        "c02": _Text(F("subject")),
        "c03": _label("tipo", Tipo.choices),
        "c04": _Text(F("categoria")),
        "c05": _Text(F("requester_name")),
        "c06": _Text(F("requester_email")),
        "c07": _Text(F("priority__name")),
        "c08": _label("status", Status.choices),
        "c09": _Text(F("area__name")),
        "c10": _Text(
            Func(Func(assignee, Value(""), function="NULLIF"), F("assignee__email"),
                 function="COALESCE", output_field=TextField())
        ),
        "c11": _LocalStamp(F("created_at"), tz_name),
        "c12": _LocalStamp(F("updated_at"), tz_name),
        "c13": _LocalStamp(F("sla_due_at"), tz_name),
        "c14": _HoursLeft(now),
    }  # fmt: skip
    risky = _RowRisk(*(cells[name] for name in TEXT_CELLS))
    inner = qs.annotate(**cells, risky=risky).values_list(*cells, "risky")
    sql, params = inner.query.sql_with_params()
    outer, outer_params = defusing_select(sql, list(cells))
    statement = f"COPY ({outer}) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *)"
    # Every row in the list's order: reading a million rows through the date index visits
    # the heap in random order (16 s at 1M, bench/RESULTS.md); scanning and sorting them
    # takes a third of that. Bitmap scans (a filter's or the search's index) stay allowed.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        yield from _copy_out(cursor, statement, (*outer_params, *params))
        # Ends with the transaction (rolled back on an error); inside an outer transaction
        # only a savepoint ends here, so put the setting back for what follows.
        cursor.execute("RESET enable_indexscan")


def defusing_select(inner: str, names: list[str]) -> tuple[str, tuple]:
    """``SELECT`` the columns ``names`` of the query ``inner`` (which also gives the
    boolean ``risky``), the ``TEXT_CELLS`` defused where the row is risky; its parameters
    come before ``inner``'s."""
    columns, params = [], []
    for name in names:
        column = f'"cells"."{name}"'
        if name in TEXT_CELLS:
            defused, defused_params = defused_sql(column)
            column = f'CASE WHEN "cells"."risky" THEN {defused} ELSE {column} END'
            params.extend(defused_params)
        columns.append(column)
    return f'SELECT {", ".join(columns)} FROM ({inner}) AS "cells"', tuple(params)


def _copy_out(cursor, statement, params):
    with cursor.cursor.copy(statement, params) as copy:
        batch, size = [], 0
        for chunk in copy:
            batch.append(bytes(chunk))
            size += len(chunk)
            if size >= BATCH_BYTES:
                yield b"".join(batch)
                batch, size = [], 0
        if batch:
            yield b"".join(batch)
