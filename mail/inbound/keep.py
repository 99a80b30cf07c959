"""Nothing that arrives vanishes: what the intake keeps of every message, and why.

Every recorded message keeps its whole bytes (``InboundMessage.raw``), so a comment made
from it can show the whole message and a message that made nothing can still be acted on.
A message that made no ticket or comment is either

- **held** (``status=held``): a person's mail the desk must look at — a reply from an
  address that is not the requester's, over the size limit, failing again and again, sender
  not authenticated, a reply to an old conversation, too many new tickets; or
- **filtered** (``status=ignored``): automatic mail (auto-replies, lists, bounces) and our own
  mail coming back — kept and listed, never posted.

Agents list both (``/portal/mail/``) and attach one to a ticket, open a ticket from it or
discard it (``mail.inbound.review``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings

from mail.models import InboundMessage
from tickets.models import Ticket


class Kind:
    """Why a message was held or filtered (``InboundMessage.kind``)."""

    AUTOMATIC = "automatic"
    LOOP = "loop"
    BOUNCE = "bounce"
    OVERSIZE = "oversize"
    NOT_REQUESTER = "not_requester"
    NO_TEXT = "no_text"
    THROTTLED = "throttled"
    REFUSED = "refused"
    FAILED = "failed"
    UNAUTHENTICATED = "unauthenticated"
    OLD_TOKEN = "old_token"


@dataclass
class Result:
    """What one message did."""

    status: str  # an InboundMessage.Status, or "duplicate"
    reason: str = ""
    ticket: Ticket | None = None
    kind: str = ""  # Kind, when held or filtered
    activity_id: uuid.UUID | None = None  # the comment or ticketCreated entry it made
    refused: list = field(default_factory=list)  # attachments not stored


HELD = InboundMessage.Status.HELD
FILTERED = InboundMessage.Status.IGNORED


def max_attempts() -> int:
    """Runs a failing message is tried before it is held (taken out of the mailbox)."""
    return int(getattr(settings, "HELPDESK_INBOUND_MAX_ATTEMPTS", 3))


def keep_max_bytes() -> int:
    """The largest message kept whole in the database (larger: kept in the IMAP folder
    ``HELPDESK_IMAP_HELD_FOLDER``, its headers in the database; refused by the push
    endpoint with 413 so the provider bounces it to the sender)."""
    return int(getattr(settings, "HELPDESK_INBOUND_KEEP_MAX_BYTES", 50 * 1024 * 1024))


def fill(row, *, raw: bytes | None, size: int, result) -> None:
    """Copy what the message did (and the message itself) onto its row (not saved)."""
    row.status = result.status
    row.reason = result.reason[:255]
    row.ticket = result.ticket
    row.kind = result.kind
    row.activity_id = result.activity_id
    row.refused = result.refused
    row.size = size
    if raw is not None and len(raw) >= size:
        row.raw = raw
