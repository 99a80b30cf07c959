"""Reply tokens rotate when a ticket is solved, so an old message cannot post to a reopened
conversation years later.

- ``rotate_on_solve`` (a receiver of ``tickets.events``, in the change's transaction): a
  ``statusUpdated`` to RESUELTO moves the ticket's ``ThreadState.generation`` up by one.
  Mail built from then on (the "solved" mail first) carries the new token in its Reply-To
  (``threading.reply_address``); Message-IDs do not change (the thread stays one).
- ``check`` (incoming, before the usual routing): the requester's answer that names the
  ticket only by an older token, or only by Message-IDs of mail sent before the last
  rotation, still names its ticket but is held for review (``Kind.OLD_TOKEN``) instead of
  posting. An agent attaches it in one click when it is genuine.
"""

from __future__ import annotations

import re

from django.db.models import F
from django.utils import timezone

from mail import threading
from mail.inbound import parse
from mail.inbound.keep import HELD, Kind, Result
from mail.models import Delivery, ThreadState
from tickets.models import Activity, ActivityType, Status, Ticket

_DELIVERY_ID = re.compile(r"<(\d+)\.ticket\.([0-9a-f]{32})\.")


def rotate_on_solve(event) -> None:
    if event.kind != ActivityType.STATUS_UPDATED or event.data.get("status") != Status.RESUELTO:
        return
    # The solve's own time: the "solved" mail, queued after it, counts as newer.
    now = (
        Activity.objects.filter(pk=event.activity_id).values_list("created_at", flat=True).first()
        or timezone.now()
    )
    updated = ThreadState.objects.filter(ticket_id=event.ticket_id).update(
        generation=F("generation") + 1, rotated_at=now
    )
    if not updated:
        ThreadState.objects.create(ticket_id=event.ticket_id, generation=1, rotated_at=now)


def _answers_older_mail(p: parse.Parsed, ticket_id, state: ThreadState) -> bool:
    """Whether the newest of our messages ``p`` names was sent before the last rotation."""
    ids = [int(n) for n, hex_id in _DELIVERY_ID.findall(" ".join(
        p.values("In-Reply-To", "References"))) if hex_id == ticket_id.hex]
    if not ids:
        return True  # only the thread's root: the first mail, older than any rotation
    newest = Delivery.objects.filter(pk=max(ids), ticket_id=ticket_id).values_list(
        "created_at", flat=True).first()
    return newest is None or newest < state.rotated_at


def check(p: parse.Parsed) -> Result | None:
    """Hold the requester's answer to a conversation older than the last solve; else None."""
    to = p.values("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
    named = [found for found in map(threading.token_generation, threading.tokens_in(to))
             if found]
    if named:
        ticket_id, generation = named[0]
    else:
        ticket_id = threading.ticket_id_from_message_ids(p.values("In-Reply-To", "References"))
        generation = None
    if ticket_id is None:
        return None
    state = ThreadState.objects.filter(ticket_id=ticket_id).first()
    if state is None or state.generation == 0:
        return None
    ticket = Ticket.objects.filter(pk=ticket_id).only("id", "label", "requester_email").first()
    if ticket is None or p.sender != (ticket.requester_email or "").lower():
        return None  # someone else: the usual routing holds it
    old = (generation < state.generation) if generation is not None else (
        _answers_older_mail(p, ticket_id, state))
    if not old:
        return None
    return Result(HELD, f"answer to {ticket.label} by a reply address or thread from before "
                        "it was solved", ticket, kind=Kind.OLD_TOKEN)
