"""What a received message does, once: open a ticket, add a comment, or nothing.

- An automatic message (out-of-office, bounce, list: ``parse.automatic_reason``), a message
  from our own address (a loop) and one over ``HELPDESK_INBOUND_MAX_BYTES`` are ignored and
  logged.
- A reply names its ticket by the signed token of our Reply-To plus-address, or by one of
  our Message-IDs in ``In-Reply-To``/``References``. Only the ticket's requester may answer
  (anyone else, even quoting a valid token, is ignored): the text, trimmed of the quoted
  history and the signature, becomes their public comment
  (``services.ticket_requester_comment``). A reply to a cancelled or archived ticket opens a
  new ticket that follows it.
- Anything else opens a ticket with the public form's rules: requester = sender, the intake
  area (``HELPDESK_DEFAULT_AREA``), no registration IP, at most
  ``HELPDESK_INBOUND_RATE`` (requests, seconds) new tickets per sender.

Each message is recorded by Message-ID in the same transaction as what it did
(``InboundMessage``), so reading it again does nothing. A message whose processing fails is
recorded ``failed`` and processed again on the next read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from email.utils import getaddresses

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mail import threading
from mail.inbound import parse
from mail.models import InboundMessage
from tickets import services
from tickets.errors import DomainError, InvalidTransition
from tickets.models import Ticket
from tickets.services._base import MAX_TEXT
from tickets.workflow import TERMINAL_STATUSES

logger = logging.getLogger(__name__)
M = InboundMessage.Status


@dataclass
class Result:
    status: str  # an InboundMessage.Status, or "duplicate"
    reason: str = ""
    ticket: Ticket | None = None


def max_bytes() -> int:
    return int(getattr(settings, "HELPDESK_INBOUND_MAX_BYTES", 10 * 1024 * 1024))


def process_raw(raw: bytes, *, source: str, size: int | None = None) -> Result:
    """Process one message (``raw``: its bytes, or only its headers when ``size`` says it
    is over the limit). Never raises for a bad message; raises only for a failure that a
    later run may not have (the database is down), after recording it ``failed``."""
    size = len(raw) if size is None else size
    if size > max_bytes():
        p = parse.parse_headers(raw, size)
        return _once(p, source, lambda: Result(M.IGNORED, f"over the size limit ({size} bytes)"))
    p = parse.parse(raw)
    return _once(p, source, lambda: _decide(p))


def _once(p: parse.Parsed, source: str, decide) -> Result:
    try:
        with transaction.atomic():
            row = InboundMessage.objects.select_for_update().filter(message_id=p.message_id).first()
            if row is not None and row.status != M.FAILED:
                return Result("duplicate", f"already processed ({row.status})", row.ticket)
            if row is None:
                try:
                    with transaction.atomic():
                        row = InboundMessage.objects.create(
                            message_id=p.message_id,
                            sender=p.sender[:254],
                            subject=p.subject[:255],
                            source=source,
                            status=M.FAILED,
                            attempts=0,
                        )
                except IntegrityError:  # another reader got it first
                    return Result("duplicate", "processed by another reader")
            result = decide()
            row.status = result.status
            row.reason = result.reason[:255]
            row.ticket = result.ticket
            row.attempts += 1
            row.save()
    except Exception as exc:
        _record_failure(p, source, exc)
        raise
    level = logging.INFO if result.status != M.IGNORED else logging.WARNING
    logger.log(level, "inbound e-mail %s from %s: %s %s", p.message_id, p.sender,
               result.status, result.reason)
    return result


def _record_failure(p: parse.Parsed, source: str, exc: Exception) -> None:
    logger.exception("inbound e-mail %s from %s failed; it is read again next run",
                     p.message_id, p.sender)
    try:
        with transaction.atomic():
            row, created = InboundMessage.objects.get_or_create(
                message_id=p.message_id,
                defaults={"sender": p.sender[:254], "subject": p.subject[:255],
                          "source": source, "status": M.FAILED},
            )
            if not created and row.status == M.FAILED:
                row.attempts += 1
                row.reason = f"{type(exc).__name__}: {exc}"[:255]
                row.save(update_fields=["attempts", "reason"])
    except Exception:  # noqa: BLE001 - the database itself is down: the mailbox keeps it
        logger.warning("could not record the failure of %s", p.message_id)


def _is_ours(address: str) -> bool:
    ours = {threading.from_address(), threading.reply_base_address(), settings.SERVER_EMAIL}
    local, _, domain = address.rpartition("@")
    local = local.split("+", 1)[0]
    for mine in ours:
        _n, addr = getaddresses([mine])[0]
        m_local, _, m_domain = addr.lower().rpartition("@")
        if (local, domain) == (m_local.split("+", 1)[0], m_domain):
            return True
    return False


def _decide(p: parse.Parsed) -> Result:
    auto = parse.automatic_reason(p)
    if auto:
        return Result(M.IGNORED, f"automatic message: {auto}")
    if _is_ours(p.sender):
        return Result(M.IGNORED, "loop: sent from our own address")
    ticket_id = threading.ticket_id_from_addresses(
        p.values("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
    ) or threading.ticket_id_from_message_ids(p.values("In-Reply-To", "References"))
    if ticket_id is not None:
        ticket = Ticket.objects.filter(pk=ticket_id).first()
        if ticket is not None:
            return _reply(p, ticket)
    return _new_ticket(p)


def _reply(p: parse.Parsed, ticket: Ticket) -> Result:
    if p.sender != (ticket.requester_email or "").lower():
        return Result(M.IGNORED, f"reply to {ticket.label} from someone who is not its requester")
    text = parse.trimmed(p.text)[:MAX_TEXT]
    if not text:
        return Result(M.IGNORED, f"reply to {ticket.label} with no text of its own")
    if ticket.status in TERMINAL_STATUSES:
        return _new_ticket(p, follows=ticket, text=text)
    try:
        services.ticket_requester_comment(ticket=ticket, email=p.sender, text=text)
    except InvalidTransition:  # cancelled or archived meanwhile
        return _new_ticket(p, follows=ticket, text=text)
    except DomainError as exc:
        return Result(M.IGNORED, f"reply to {ticket.label} refused: {exc}")
    return Result(M.COMMENT, f"comment on {ticket.label}", ticket)


def _throttled(sender: str) -> bool:
    limit, window = getattr(settings, "HELPDESK_INBOUND_RATE", (10, 3600))
    since = timezone.now() - timedelta(seconds=window)
    opened = InboundMessage.objects.filter(
        sender=sender, status=M.TICKET, received_at__gte=since
    ).count()
    return opened >= limit


def _new_ticket(p: parse.Parsed, *, follows: Ticket | None = None, text: str | None = None):
    if _throttled(p.sender):
        return Result(M.IGNORED, "too many new tickets from this sender")
    description = (text if text is not None else parse.trimmed(p.text)) or p.subject
    if len(description) > MAX_TEXT:
        description = description[: MAX_TEXT - 1] + "…"
    try:
        ticket = services.ticket_create(
            actor=None,
            description=description,
            subject=(p.subject or "")[:200],
            requester_name=p.sender_name[:150],
            requester_email=p.sender,
            area=settings.HELPDESK_DEFAULT_AREA,
            ip=None,
            follows=follows,
        )
    except DomainError as exc:
        return Result(M.IGNORED, f"cannot open a ticket: {exc}")
    reason = f"opened {ticket.label}" + (f" following {follows.label}" if follows else "")
    return Result(M.TICKET, reason, ticket)
