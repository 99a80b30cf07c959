"""Keyset ("seek") pagination: newer / older pages by the values of the last row seen.

A page never counts the rows nor skips over the ones before it (no ``OFFSET``): the next
page is the rows strictly after the edge row in the queryset's ordering, found through the
index that serves that ordering. The ordering gets ``id`` as a tie-breaker, so every row
has one place. Tokens are opaque (base64 JSON of the edge row's sort values plus the
ordering they belong to); a token that does not fit the ordering is ignored (first page).

This is the one pager of the project: the portal's dashboard and admin lists, the mail log,
the notifications page and "my tickets" use these tokens; a face whose contract fixes its
own token (Spacebring's ``pageToken``) passes a :class:`Codec` of its own to :func:`page`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

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


def values_of(row, ordering: list[str]) -> list:
    """The row's values of the ordering's fields (``created_at``, ``id``…)."""
    return [_value(row, f) for f in ordering]


class Codec(Protocol):
    """How a face writes the edge row's values into a token and reads them back."""

    def encode(self, values: list, ordering: list[str]) -> str: ...

    def decode(self, token: str, ordering: list[str]) -> list | None:
        """The values, or ``None`` to read the first page (or raise the face's error)."""


def b64_json(data) -> str:
    """URL-safe base64 of compact JSON, without padding."""
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def from_b64_json(token: str):
    """The JSON value :func:`b64_json` wrote (raises ValueError, binascii.Error…)."""
    return json.loads(base64.urlsafe_b64decode((token + "=" * (-len(token) % 4)).encode()))


class OpaqueCodec:
    """The project's tokens: the values with the ordering they belong to."""

    def encode(self, values: list, ordering: list[str]) -> str:
        return b64_json({"o": ordering, "v": [_encode_value(v) for v in values]})

    def decode(self, token: str, ordering: list[str]) -> list | None:
        if len(token) > 2000:
            return None
        try:
            payload = from_b64_json(token)
            if payload.get("o") != ordering or len(payload.get("v", ())) != len(ordering):
                return None
            return [_decode_value(v) for v in payload["v"]]
        except (ValueError, TypeError, AttributeError, binascii.Error, UnicodeDecodeError):
            return None


OPAQUE = OpaqueCodec()


def encode(row, ordering: list[str]) -> str:
    return OPAQUE.encode(values_of(row, ordering), ordering)


def decode(token: str | None, ordering: list[str]) -> list | None:
    """The edge values of ``token`` if it belongs to ``ordering``, else ``None``."""
    return OPAQUE.decode(token, ordering) if token else None


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
         last: bool = False, codec: Codec = OPAQUE) -> Page:  # fmt: skip
    """One page of ``qs`` (already ordered): the first, the one after/before a token, or
    the last (``last``). One query: ``size + 1`` rows tell whether there is more. ``codec``
    writes and reads the tokens."""
    ordering = ordering_of(qs)
    qs = qs.order_by(*ordering)
    after_values = codec.decode(after, ordering) if after else None
    before_values = None
    if after_values is None and before:
        before_values = codec.decode(before, ordering)
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
    def token(row) -> str:
        return codec.encode(values_of(row, ordering), ordering)

    return Page(
        rows=rows,
        newer=token(rows[0]) if rows and not at_start else None,
        older=token(rows[-1]) if rows and not at_end else None,
        at_start=at_start,
        at_end=at_end,
    )
