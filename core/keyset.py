"""Keyset ("seek") pagination: newer / older pages by the values of the last row seen.

A page never counts the rows nor skips over the ones before it (no ``OFFSET``): the next
page is the rows strictly after the edge row in the queryset's ordering, found through the
index that serves that ordering. The ordering gets ``id`` as a tie-breaker, so every row
has one place. Tokens are opaque (base64 JSON of the edge row's sort values plus the
ordering they belong to); a token that does not fit the ordering is ignored (first page).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

AFTER, BEFORE, LAST = "after", "before", "last"


def ordering_of(qs: QuerySet) -> list[str]:
    """The queryset's ordering as ``["-created_at", "-id"]``, ending with the primary key."""
    fields = [str(f) for f in (qs.query.order_by or qs.model._meta.ordering or [])]
    fields = [f for f in fields if not f.startswith("?")]
    if not any(f.lstrip("-") in ("id", "pk") for f in fields):
        descending = fields[-1].startswith("-") if fields else True
        fields.append("-id" if descending else "id")
    return ["-id" if f == "-pk" else "id" if f == "pk" else f for f in fields]


def _encode_value(value):
    if isinstance(value, dt.datetime):
        return {"d": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    return value


def _decode_value(value):
    if isinstance(value, dict):
        if "d" in value:
            parsed = parse_datetime(value["d"])
            if parsed is None:
                raise ValueError("bad datetime")
            return parsed
        if "u" in value:
            return uuid.UUID(value["u"])
        if "n" in value:
            return Decimal(value["n"])
        raise ValueError("bad value")
    if value is None or isinstance(value, bool | list):
        raise ValueError("bad value")
    return value


def _value(row, field: str):
    value = row
    for part in field.lstrip("-").split("__"):
        value = getattr(value, part)
    return value


def encode(row, ordering: list[str]) -> str:
    payload = {"o": ordering, "v": [_encode_value(_value(row, f)) for f in ordering]}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str | None, ordering: list[str]) -> list | None:
    """The edge values of ``token`` if it belongs to ``ordering``, else ``None``."""
    if not token or len(token) > 2000:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(raw)
        if payload.get("o") != ordering or len(payload.get("v", ())) != len(ordering):
            return None
        return [_decode_value(v) for v in payload["v"]]
    except (ValueError, TypeError, AttributeError, binascii.Error, UnicodeDecodeError):
        return None


def _seek(ordering: list[str], values: list, *, forward: bool) -> Q:
    """Rows strictly after (``forward``) or before the edge row in ``ordering``.

    The first field also gets a non-strict bound of its own (``<=`` / ``>=``), which the
    planner uses as an index condition: the scan starts at the edge, not at the top.
    """
    alternatives = Q(pk__in=[])
    equal = Q()
    for field, value in zip(ordering, values, strict=True):
        name = field.lstrip("-")
        descending = field.startswith("-")
        op = "lt" if descending == forward else "gt"
        alternatives |= equal & Q(**{f"{name}__{op}": value})
        equal &= Q(**{name: value})
    first, first_value = ordering[0].lstrip("-"), values[0]
    bound = "lte" if ordering[0].startswith("-") == forward else "gte"
    return Q(**{f"{first}__{bound}": first_value}) & alternatives


def _reverse(ordering: list[str]) -> list[str]:
    return [f[1:] if f.startswith("-") else f"-{f}" for f in ordering]


@dataclass
class Page:
    rows: list
    newer: str | None  # token for the page before this one (None: this is the first)
    older: str | None  # token for the page after this one (None: this is the last)
    at_start: bool  # the newest page (no cursor)
    at_end: bool  # the oldest page

    @property
    def has_other_pages(self) -> bool:
        return not (self.at_start and self.at_end)


def page(qs: QuerySet, *, size: int, after: str | None = None, before: str | None = None,
         last: bool = False) -> Page:  # fmt: skip
    """One page of ``qs`` (already ordered): the first, the one after/before a token, or
    the last (``last``). One query: ``size + 1`` rows tell whether there is more."""
    ordering = ordering_of(qs)
    qs = qs.order_by(*ordering)
    after_values = decode(after, ordering)
    before_values = None if after_values is not None else decode(before, ordering)
    if before_values is not None or (last and after_values is None):
        reverse_qs = qs.order_by(*_reverse(ordering))
        if before_values is not None:
            reverse_qs = reverse_qs.filter(_seek(ordering, before_values, forward=False))
        rows = list(reverse_qs[: size + 1])
        more = len(rows) > size
        rows = rows[:size][::-1]
        at_start, at_end = not more, before_values is None
    else:
        if after_values is not None:
            qs = qs.filter(_seek(ordering, after_values, forward=True))
        rows = list(qs[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        at_start, at_end = after_values is None, not more
    return Page(
        rows=rows,
        newer=encode(rows[0], ordering) if rows and not at_start else None,
        older=encode(rows[-1], ordering) if rows and not at_end else None,
        at_start=at_start,
        at_end=at_end,
    )
