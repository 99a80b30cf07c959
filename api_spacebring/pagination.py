"""Keyset pagination for the ticket list: newest first (``-created_at, -id``), through the
one pager (``core.keyset``) with Spacebring's own token.

The ``pageToken`` is an opaque, URL-safe encoding of the last row's (created_at, id) —
base64url of ``["<created_at ISO 8601>", "<uuid>"]``, unchanged for the clients that hold
one. The next page is every row strictly after it in that order, so tickets created while a
client walks the pages never shift, repeat or hide the rows it has not seen yet.
"""

import binascii
import uuid
from datetime import UTC, datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core import keyset
from tickets.errors import ValidationFailed
from tickets.models import Ticket

ORDERING = ("-created_at", "-id")


class PageToken:
    """Spacebring's ``pageToken`` codec; a malformed token is a 400 on ``pageToken``."""

    def encode(self, values: list, ordering: list[str]) -> str:
        created, pk = values
        return keyset.b64_json([created.isoformat(), str(pk)])

    def decode(self, token: str, ordering: list[str]) -> list:
        try:
            created, pk = keyset.from_b64_json(token)
            if not isinstance(created, str) or not isinstance(pk, str):
                raise TypeError("token parts must be strings")
            when = datetime.fromisoformat(created)
            if when.tzinfo is None:
                raise ValueError("naive")
            # In UTC, and within what every database can store.
            return [when.astimezone(UTC), uuid.UUID(pk)]
        except (ValueError, TypeError, UnicodeDecodeError, OverflowError, binascii.Error):
            raise ValidationFailed.for_field("pageToken", _("Invalid page token.")) from None


PAGE_TOKEN = PageToken()


def paginate(qs: QuerySet[Ticket], *, limit: int, token: str | None) -> tuple[list, str | None]:
    """One page of ``qs`` (rows, next page token or ``None`` on the last page)."""
    page = keyset.page(qs.order_by(*ORDERING), size=limit, after=token, codec=PAGE_TOKEN)
    return page.rows, page.older
