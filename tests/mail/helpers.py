"""Small helpers shared by the mail tests."""

import uuid
from functools import partial

from django.db import transaction
from django.utils import timezone

from mail import receivers
from tickets import events
from tickets.models import ActivityType


def record_sla_alert(ticket, kind: str, due=None):
    """Record an SLA alert the way the SLA task (another app) does: an internal history
    entry of type ``slaAlert`` with ``{"kind", "due"}``. Until that type exists in
    ``ActivityType`` the entry cannot be stored, so the event ``record`` would emit is
    handed to the mail app's two receivers, in the transaction and on commit, as
    ``tickets.events`` would (other apps' receivers load the entry, which does not exist)."""
    due = due or ticket.sla_due_at
    data = {"kind": kind, "due": due.isoformat()}
    with transaction.atomic():
        if "slaAlert" in ActivityType.values:  # pragma: no cover - once the SLA app lands
            from tickets.services._base import lock, record

            return record(lock(ticket), None, "slaAlert", data, public=False, now=timezone.now()).pk
        event = events.TicketEvent(
            kind="slaAlert",
            ticket_id=str(ticket.pk),
            activity_id=uuid.uuid4(),
            actor_id=None,
            public=False,
            data=data,
        )
        receivers.write_outbox(event)
        transaction.on_commit(partial(receivers.enqueue_outbox, event))
        return event.activity_id


def raw_message(
    *,
    sender="laura@example.com",
    to="helpdesk@localhost",
    subject="Impresora",
    body="La impresora no imprime.",
    message_id=None,
    headers=None,
) -> bytes:
    """A plain-text message as a mail client would send it."""
    from email.message import EmailMessage
    from email.utils import make_msgid

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(domain="client.example")
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    return msg.as_bytes()


INBOUND_SECRET = "s3cret-for-tests"  # noqa: S105


def push(client, raw: bytes, secret=INBOUND_SECRET, **extra):
    """POST ``raw`` to /inbound/email as a provider does (``HELPDESK_INBOUND_SECRET`` set to
    ``INBOUND_SECRET`` by the ``inbound_secret`` fixture)."""
    headers = {"HTTP_X_HELPDESK_INBOUND_SECRET": secret} if secret else {}
    return client.post("/inbound/email", raw, content_type="message/rfc822", **headers, **extra)
