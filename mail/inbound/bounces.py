"""Bounces (delivery status notifications, RFC 3464) of our own mail.

A report that a message to an address failed is kept (filtered, listed for agents) and:

- the address is recorded in ``Undeliverable`` (a permanent ``5.x.x`` failure is *hard*:
  ``receivers.write_outbox`` queues no more mail to it until an agent removes it from the
  list or mail arrives from it again; a ``4.x.x`` delay is only counted);
- on a hard bounce of mail about a ticket (named by our Message-ID in the returned headers),
  the ticket gets an internal note by the system saying the requester cannot be reached by
  e-mail, and its assignee (else the agents of its area) is e-mailed about it
  (``mail_bounced``), so someone phones them.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from mail import dispatch, threading
from mail.inbound import parse
from mail.inbound.keep import FILTERED, Kind, Result
from mail.models import Delivery, Undeliverable
from tickets import services
from tickets.models import Ticket

_STATUS = re.compile(r"\b([245])\.\d{1,3}\.\d{1,3}\b")
_RETURNED = {"message/rfc822", "text/rfc822-headers"}


def _recipients(msg) -> list[dict]:
    """Per-recipient blocks of every ``message/delivery-status`` part."""
    out = []
    for part in msg.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        for block in payload if isinstance(payload, list) else []:
            final = str(block.get("Final-Recipient", "") or block.get("Original-Recipient", ""))
            if not final:
                continue
            address = final.split(";", 1)[-1].strip().strip("<>").lower()
            status = str(block.get("Status", "") or "").strip()
            action = str(block.get("Action", "") or "").strip().lower()
            diagnostic = " ".join(str(block.get("Diagnostic-Code", "") or "").split())
            match = _STATUS.search(status) or _STATUS.search(diagnostic)
            code = match[0] if match else ""
            hard = action == "failed" and (not code or code.startswith("5"))
            if action in {"failed", "delayed"} or code.startswith(("4", "5")):
                out.append({"address": address, "status": code, "hard": hard,
                            "reason": (diagnostic or status or action)[:255]})
    return out


def _returned_ids(msg) -> list[str]:
    """Message-ID / In-Reply-To / References of the returned message (or its headers)."""
    values: list[str] = []
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype not in _RETURNED:
            continue
        if ctype == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            headers = inner
        else:
            headers = parse.headers_of(part.get_content())
        for name in ("Message-ID", "In-Reply-To", "References"):
            values.extend(str(v) for v in (headers.get_all(name) or []))
    return values


def is_report(msg) -> bool:
    return msg.get_content_type() == "multipart/report" and any(
        p.get_content_type() == "message/delivery-status" for p in msg.walk()
    )


def handle(p: parse.Parsed) -> Result | None:
    """A delivery report: record it (see the module) and keep it filtered; else None. A
    message from a person clears a hard bounce of their address."""
    msg = p.headers
    if not is_report(msg):
        if p.sender and not parse.automatic_reason(p):
            Undeliverable.objects.filter(address=p.sender).delete()
        return None
    failures = _recipients(msg)
    ticket_id = threading.ticket_id_from_message_ids(_returned_ids(msg))
    ticket = Ticket.objects.filter(pk=ticket_id).first() if ticket_id else None
    now = timezone.now()
    for failure in failures:
        _record(failure, ticket, now)
    hard = [f for f in failures if f["hard"]]
    if ticket is not None and hard:
        _tell(ticket, hard, now)
    summary = ", ".join(f"{f['address']} {f['status'] or '?'}" for f in failures) or "no recipient"
    kind = "hard" if hard else "soft"
    return Result(FILTERED, f"bounce ({kind}): {summary}"[:255], ticket, kind=Kind.BOUNCE)


def _record(failure: dict, ticket, now) -> None:
    row, created = Undeliverable.objects.select_for_update().get_or_create(
        address=failure["address"][:254],
        defaults={"hard": failure["hard"], "reason": failure["reason"], "bounces": 1,
                  "ticket": ticket, "last_bounced_at": now},
    )
    if not created:
        Undeliverable.objects.filter(pk=row.pk).update(
            hard=row.hard or failure["hard"],
            reason=failure["reason"],
            bounces=F("bounces") + 1,
            ticket=ticket or row.ticket,
            last_bounced_at=now,
        )


def hard_bounced(addresses) -> set[str]:
    """Those of ``addresses`` no mail may be queued to."""
    wanted = [a.lower() for a in addresses if a]
    if not wanted:
        return set()
    rows = Undeliverable.objects.filter(address__in=wanted, hard=True)
    return set(rows.values_list("address", flat=True))


def _agents(ticket: Ticket) -> list[str]:
    if ticket.assignee_id:
        found = list(User.objects.filter(pk=ticket.assignee_id, is_active=True)
                     .values_list("email", flat=True))
        if found:
            return found
    return list(
        User.objects.filter(is_active=True, area_id=ticket.area_id, role__in=[Role.AREA, Role.MESA])
        .order_by("email").values_list("email", flat=True)
    )


def _tell(ticket: Ticket, hard: list[dict], now) -> None:
    """The internal note and the e-mail to the assignee, in this transaction."""
    addresses = ", ".join(f["address"] for f in hard)
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "E-mail to %(addresses)s bounced (%(reason)s): the address does not receive mail, "
            "so no more e-mail is sent to it. Reach the requester another way."
        ) % {"addresses": addresses, "reason": hard[0]["reason"]}
    note = services.ticket_record_system_note(ticket=ticket, text=text, now=now)
    rows = Delivery.objects.bulk_create(
        [
            Delivery(activity_id=note.pk, ticket=ticket, recipient=agent, template="mail_bounced",
                     data={"addresses": addresses, "reason": hard[0]["reason"]})
            for agent in _agents(ticket)
        ],
        ignore_conflicts=True,
    )
    ids = [r.pk for r in rows if r.pk]
    if not ids:
        ids = list(Delivery.objects.filter(activity_id=note.pk).values_list("pk", flat=True))
    transaction.on_commit(lambda: dispatch.enqueue(ids))



