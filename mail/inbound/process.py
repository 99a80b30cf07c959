"""What a received message does, once: open a ticket, add a comment, or nothing.

- An automatic message (out-of-office, bounce, list: ``parse.automatic_reason``), a message
  from our own address (a loop) and one over ``HELPDESK_INBOUND_MAX_BYTES`` are ignored and
  logged.
- A reply names its ticket by the signed token of our Reply-To plus-address, by one of
  our Message-IDs in ``In-Reply-To``/``References`` (signed under ``SECRET_KEY`` or a
  fallback key), or, when the client dropped those headers, by the ticket label in the
  subject — the last only for the ticket's own requester.
- The ticket's requester answers by the rule of the requester pages
  (``services.ticket_requester_reply``): the text, trimmed of the quoted history and the
  signature, becomes their public comment; on a solved ticket it reopens it; on a closed,
  cancelled or archived ticket it opens a new ticket that follows it.
- An active agent who answers with the reply token from their own address writes through
  the portal's composer (``services.ticket_reply``, with its permission check): a public
  reply, or an internal note when the text starts with ``HELPDESK_MAIL_NOTE_MARKER``
  (``#note``). Anyone else, even quoting a valid token, is held for review.
- Every message is kept whole (``raw``); one that makes no ticket or comment is held for
  review or filtered (``mail.inbound.keep``), with its files (``attachments``).
- Anything else opens a ticket with the public form's rules: requester = sender, the intake
  area (``HELPDESK_DEFAULT_AREA``), no registration IP, at most
  ``HELPDESK_INBOUND_RATE`` (requests, seconds) new tickets per sender.

Each message is recorded by sender and Message-ID (by content when it has no id:
``parse.dedupe_key``) in the same transaction as what it did (``InboundMessage``), so reading
it again does nothing. A message whose processing fails is
recorded ``failed`` and processed again on the next read.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from email.utils import getaddresses

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from mail import rotation, threading
from mail.inbound import attachments, bounces, keep, notice, parse, trust
from mail.inbound.keep import Kind, Result
from mail.models import InboundMessage
from tickets import services
from tickets.errors import DomainError
from tickets.models import Activity, ActivityType, Ticket
from tickets.permissions import requester_access
from tickets.services import MAX_TEXT
from tickets.services.requester import FINISHED_STATUSES

logger = logging.getLogger(__name__)
M = InboundMessage.Status
__all__ = ["Result", "max_bytes", "process_raw"]


def max_bytes() -> int:
    return int(getattr(settings, "HELPDESK_INBOUND_MAX_BYTES", 10 * 1024 * 1024))


def process_raw(raw: bytes, *, source: str, size: int | None = None) -> Result:
    """Process one message (``raw``: its bytes, or only its headers when ``size`` says it
    is larger). Never raises for a bad message; raises only for a failure that a later run
    may not have (the database is down), after recording it ``failed``; a message failing
    ``HELPDESK_INBOUND_MAX_ATTEMPTS`` times is held instead."""
    size = len(raw) if size is None else size
    if size > max_bytes():
        p = parse.parse_headers(raw, size)
        return _once(p, source, lambda: notice.oversize(p, size), raw=raw, size=size)
    p = parse.parse(raw)
    return _once(p, source, lambda: _intake(p), raw=raw, size=size)


def _intake(p: parse.Parsed) -> Result:
    """Bounces first (``bounces``); then, for mail from a person, unauthenticated senders and
    answers to a conversation older than the last solve (``trust``, ``rotation``); then
    ``_decide`` (which filters the other automatic mail)."""
    bounce = bounces.handle(p)
    if bounce is not None:
        return bounce
    if not parse.automatic_reason(p):
        held = trust.check(p) or rotation.check(p)
        if held is not None:
            return held
    return _decide(p)


def _once(p: parse.Parsed, source: str, decide, *, raw: bytes | None = None,
          size: int = 0) -> Result:
    try:
        with transaction.atomic():
            row = InboundMessage.objects.select_for_update().filter(dedupe_key=p.dedupe_key).first()
            if row is not None and row.status != M.FAILED:
                return Result("duplicate", f"already processed ({row.status})", row.ticket)
            if row is not None and row.attempts >= keep.max_attempts():
                decide = _failing(row)  # held (kept whole), out of the mailbox
            if row is None:
                try:
                    with transaction.atomic():
                        row = InboundMessage.objects.create(
                            dedupe_key=p.dedupe_key,
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
            keep.fill(row, raw=raw, size=size, result=result)
            row.attempts += 1
            row.save()
    except Exception as exc:
        _record_failure(p, source, exc, raw=raw, size=size)
        raise
    level = logging.INFO if result.status in (M.TICKET, M.COMMENT) else logging.WARNING
    logger.log(level, "inbound e-mail %s from %s: %s %s", p.message_id, p.sender,
               result.status, result.reason)
    return result


def _failing(row: InboundMessage):
    def decide() -> Result:
        return Result(M.HELD, f"failed {row.attempts} times: {row.reason}"[:255],
                      kind=Kind.FAILED)
    return decide


def _record_failure(p: parse.Parsed, source: str, exc: Exception, *, raw=None,
                    size: int = 0) -> None:
    logger.exception("inbound e-mail %s from %s failed; it is read again next run",
                     p.message_id, p.sender)
    reason = f"{type(exc).__name__}: {exc}".replace("\x00", "")[:255]
    try:
        with transaction.atomic():
            row, created = InboundMessage.objects.get_or_create(
                dedupe_key=p.dedupe_key,
                defaults={"message_id": p.message_id, "sender": p.sender[:254],
                          "subject": p.subject[:255],
                          "source": source, "status": M.FAILED, "reason": reason,
                          "size": size, "raw": raw if raw is not None and len(raw) >= size
                          else None},
            )
            if not created and row.status == M.FAILED:
                row.attempts += 1
                row.reason = reason
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
        return Result(M.IGNORED, f"automatic message: {auto}", kind=Kind.AUTOMATIC)
    if _is_ours(p.sender):
        return Result(M.IGNORED, "loop: sent from our own address", kind=Kind.LOOP)
    by_token = threading.ticket_id_from_addresses(
        p.values("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
    )
    ticket = _answered_ticket(p, by_token)
    if ticket is None:
        return _new_ticket(p)
    if p.sender == (ticket.requester_email or "").lower():
        return _reply(p, ticket)
    agent = _agent(p.sender) if by_token == ticket.pk else None
    if agent is not None:
        return _agent_reply(p, ticket, agent)
    return Result(M.HELD, f"reply to {ticket.label} from someone who is not its requester",
                  ticket, kind=Kind.NOT_REQUESTER)


def _answered_ticket(p: parse.Parsed, by_token) -> Ticket | None:
    """The ticket a message answers: named by the token of our reply address, one of our
    Message-IDs, or, when a client dropped both, the label in the subject of one of the
    sender's own tickets (a label names nobody else's ticket)."""
    ticket_id = by_token or threading.ticket_id_from_message_ids(
        p.values("In-Reply-To", "References")
    )
    if ticket_id is not None:
        ticket = Ticket.objects.filter(pk=ticket_id).first()
        if ticket is not None:
            return ticket
    labels = threading.labels_in(p.subject)
    if not labels or not p.sender:
        return None
    return (
        Ticket.objects.filter(label__in=labels, requester_email__iexact=p.sender)
        .order_by("-created_at")
        .first()
    )


def _reply(p: parse.Parsed, ticket: Ticket) -> Result:
    """The requester's answer, by the rule of the requester pages
    (``ticket_requester_reply``), with the message's files: a comment; on a solved ticket it
    reopens it; on a closed, cancelled or archived one it opens a new ticket that follows it."""
    text = parse.trimmed(p.text)[:MAX_TEXT]
    files = attachments.files_of(p.headers)
    if not text and not files.accepted:
        return Result(M.HELD, f"reply to {ticket.label} with no text or file of its own",
                      ticket, kind=Kind.NO_TEXT, refused=files.refused)
    if ticket.status in FINISHED_STATUSES and _throttled(p.sender):
        return Result(M.HELD, "too many new tickets from this sender", ticket,
                      kind=Kind.THROTTLED, refused=files.refused)
    actor = requester_access(email=p.sender, user=ticket.requester)
    try:
        done = services.ticket_requester_reply(
            actor=actor, ticket=ticket, text=text, uploads=files.accepted
        )
    except DomainError as exc:
        return Result(M.HELD, f"reply to {ticket.label} refused: {exc}", ticket,
                      kind=Kind.REFUSED, refused=files.refused)
    if done.follow_up:
        return Result(M.TICKET, f"opened {done.ticket.label} following {ticket.label}",
                      done.ticket, activity_id=_created_entry(done.ticket),
                      refused=files.refused)
    reason = f"comment on {ticket.label}" + (" (reopened it)" if done.reopened else "")
    return Result(M.COMMENT, reason, ticket, activity_id=done.comment.pk, refused=files.refused)


def _created_entry(ticket: Ticket):
    created = Activity.objects.filter(ticket=ticket, type=ActivityType.TICKET_CREATED)
    return created.values_list("pk", flat=True).first()


def _agent(address: str) -> User | None:
    user = User.objects.filter(email__iexact=address, is_active=True).first()
    return user if user is not None and user.is_agent else None


def _agent_reply(p: parse.Parsed, ticket: Ticket, agent: User) -> Result:
    """An agent answering from their mail client: a public reply through the portal's
    composer service (its permission check, first response), or an internal note when the
    text starts with ``HELPDESK_MAIL_NOTE_MARKER``."""
    text, public = _note_marker(parse.trimmed(p.text)[:MAX_TEXT])
    if not text:
        return Result(M.HELD, f"reply to {ticket.label} with no text of its own", ticket,
                      kind=Kind.NO_TEXT)
    try:
        services.ticket_reply(actor=agent, ticket=ticket, text=text, public=public)
    except DomainError as exc:
        return Result(M.HELD, f"reply by {agent.email} to {ticket.label} refused: {exc}",
                      ticket, kind=Kind.REFUSED)
    kind = "reply" if public else "internal note"
    return Result(M.COMMENT, f"{kind} by {agent.email} on {ticket.label}", ticket)


def _note_marker(text: str) -> tuple[str, bool]:
    """``(text, public)``: text that starts with the note marker is an internal note."""
    marker = getattr(settings, "HELPDESK_MAIL_NOTE_MARKER", "#note").strip()
    if marker and text[: len(marker)].lower() == marker.lower():
        return text[len(marker) :].strip(), False
    return text, True


def _throttled(sender: str) -> bool:
    limit, window = getattr(settings, "HELPDESK_INBOUND_RATE", (10, 3600))
    since = timezone.now() - timedelta(seconds=window)
    opened = InboundMessage.objects.filter(
        sender=sender, status=M.TICKET, received_at__gte=since
    ).count()
    return opened >= limit


def _new_ticket(p: parse.Parsed, *, follows: Ticket | None = None, text: str | None = None):
    if _throttled(p.sender):
        return Result(M.HELD, "too many new tickets from this sender", kind=Kind.THROTTLED)
    files = attachments.files_of(p.headers)
    description = (text if text is not None else parse.trimmed(p.text)) or p.subject
    description = description or ", ".join(f.name for f in files.accepted) or "(e-mail)"
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
            uploads=files.accepted,
        )
    except DomainError as exc:
        return Result(M.HELD, f"cannot open a ticket: {exc}", kind=Kind.REFUSED,
                      refused=files.refused)
    reason = f"opened {ticket.label}" + (f" following {follows.label}" if follows else "")
    return Result(M.TICKET, reason, ticket, activity_id=_created_entry(ticket),
                  refused=files.refused)
