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


def message_with_files(
    *,
    sender="laura@example.com",
    to="helpdesk@localhost",
    subject="Impresora",
    body="Adjunto la captura.",
    files=(),
    inline=(),
    headers=None,
) -> bytes:
    """A message with attachments (``files``: (name, bytes, mime)) and inline images named
    by ``cid:`` in its HTML body (``inline``: (cid, bytes, mime)), as Gmail sends them.
    ``body=""`` sends no text part at all."""
    from email.message import EmailMessage
    from email.utils import make_msgid

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="client.example")
    for name, value in (headers or {}).items():
        msg[name] = value
    if body or inline:
        msg.set_content(body or " ")
    if inline:
        images = "".join(f'<img src="cid:{cid}">' for cid, _b, _m in inline)
        msg.add_alternative(f"<p>{body}</p>{images}", subtype="html")
        html = msg.get_payload()[1]
        for cid, content, mime in inline:
            maintype, subtype = mime.split("/")
            html.add_related(content, maintype, subtype, cid=f"<{cid}>")
    for name, content, mime in files:
        maintype, subtype = mime.split("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def bounce(*, recipient="laura@example.com", status="5.1.1", action="failed",
           returned_id="<1.ticket.x@localhost>", message_id=None) -> bytes:
    """A delivery status notification (RFC 3464) as Postfix sends it, returning the headers
    of our message ``returned_id``."""
    from email.utils import make_msgid

    message_id = message_id or make_msgid(domain="mx.example.com")
    return (
        "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\r\n"
        "To: helpdesk@localhost\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: {message_id}\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="BB"\r\n\r\n'
        "--BB\r\nContent-Type: text/plain\r\n\r\n"
        "I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n"
        "--BB\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.com\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\n"
        f"Action: {action}\r\n"
        f"Status: {status}\r\n"
        f"Diagnostic-Code: smtp; 550 {status} <{recipient}>: Recipient address rejected: "
        "User unknown\r\n\r\n"
        "--BB\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: helpdesk@localhost\r\nTo: {recipient}\r\nMessage-ID: {returned_id}\r\n"
        "\r\n--BB--\r\n"
    ).encode()
