"""Keyset pagination for the ticket list: newest first (``-created_at, -id``).

The ``pageToken`` is an opaque, URL-safe encoding of the last row's (created_at, id).
The next page is every row strictly after it in that order, so tickets created while a
client walks the pages never shift, repeat or hide the rows it has not seen yet.
"""

import base64
import json
import uuid
from datetime import UTC, datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tickets.errors import ValidationFailed
from tickets.models import Ticket


def encode_token(ticket: Ticket) -> str:
    raw = json.dumps([ticket.created_at.isoformat(), str(ticket.id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_token(token: str) -> tuple[datetime, uuid.UUID]:
    try:
        padded = token + "=" * (-len(token) % 4)
        created, pk = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(created, str) or not isinstance(pk, str):
            raise TypeError("token parts must be strings")
        when = datetime.fromisoformat(created)
        if when.tzinfo is None:
            raise ValueError("naive")
        # In UTC, and within what every database can store.
        return when.astimezone(UTC), uuid.UUID(pk)
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError):
        raise ValidationFailed.for_field("pageToken", _("Invalid page token.")) from None


def paginate(qs: QuerySet[Ticket], *, limit: int, token: str | None) -> tuple[list, str | None]:
    """One page of ``qs`` (rows, next page token or ``None`` on the last page)."""
    qs = qs.order_by("-created_at", "-id")
    if token:
        created, pk = decode_token(token)
        qs = qs.filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=pk))
    rows = list(qs[: limit + 1])
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, encode_token(rows[-1])
    return rows, None
