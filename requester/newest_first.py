"""Keyset pagination newest first (``-created_at, -id``) with an opaque cursor, for pages
that must not slow down as rows grow: each page is one indexed range scan, no OFFSET and
no COUNT."""

import base64
import json
import uuid
from datetime import UTC, datetime

from django.db.models import Q, QuerySet


def encode(row) -> str:
    raw = json.dumps([row.created_at.isoformat(), str(row.pk)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, uuid.UUID] | None:
    """The (created_at, id) a cursor names, or ``None`` for a malformed one."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, pk = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        when = datetime.fromisoformat(created)
        if when.tzinfo is None:
            return None
        return when.astimezone(UTC), uuid.UUID(pk)
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError, AttributeError):
        return None


def paginate(qs: QuerySet, *, limit: int, cursor: str | None) -> tuple[list, str | None]:
    """One page (rows, cursor of the next page or ``None``). A malformed cursor reads as
    the first page."""
    qs = qs.order_by("-created_at", "-id")
    after = decode(cursor) if cursor else None
    if after is not None:
        created, pk = after
        qs = qs.filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=pk))
    rows = list(qs[: limit + 1])
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, encode(rows[-1])
    return rows, None
