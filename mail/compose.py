"""Turn an outbox row into the e-mail message: templates in ``templates/emails/`` rendered
with the ticket, plus the threading headers (``mail.threading``).

Templates get ``ticket``, ``activity`` (the history entry, when it is one), ``response``
(the public response that goes with it), ``data`` (the row's data: new status, SLA alert
kind and due time), ``site_url``, ``ticket_url`` (the requester's signed link that opens the ticket,
``tickets.selectors.links``; with ``confirm_url`` / ``reopen_url`` for a solved ticket) and
``portal_url`` (the agents' page of the ticket).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime

from mail import rules, threading
from mail.models import Delivery, InboundMessage
from tickets.models import Activity, ActivityType, Status
from tickets.selectors.links import requester_link_context

# Templates whose reader is the requester (the others go to agents).
REQUESTER_TEMPLATES = {"ticket_created", "status_updated", "ticket_solved", "public_response"}


def context_for(delivery: Delivery) -> dict:
    ticket = delivery.ticket
    activity = Activity.objects.filter(pk=delivery.activity_id).first()
    response = None
    written_with = None  # a response an agent wrote with this status change
    if activity is not None and activity.type == ActivityType.STATUS_UPDATED:
        response = written_with = rules.response_with(activity)
        if response is None and delivery.template == "ticket_solved":
            response = (
                Activity.objects.filter(
                    ticket_id=ticket.pk,
                    type=ActivityType.COMMENT,
                    public=True,
                    created_at__lte=activity.created_at,
                )
                .order_by("-created_at", "-id")
                .first()
            )
    data = dict(delivery.data or {})
    if data.get("due"):
        data["due"] = parse_datetime(str(data["due"])) or data["due"]
    status_label = ""
    if data.get("status"):
        try:
            status_label = str(Status(data["status"]).label)
        except ValueError:
            status_label = str(data["status"])
    site = settings.HELPDESK_SITE_URL.rstrip("/")
    return {
        "ticket": ticket,
        "activity": activity,
        "response": response,
        "data": data,
        "status_label": status_label,
        "recipient": delivery.recipient,
        "site_url": site,
        # The requester's signed link to the ticket (and, when solved, confirm / reopen).
        **requester_link_context(ticket),
        "portal_url": site + reverse("portal:ticket", args=[ticket.pk]),
        # An agent's own words (a reply, or the response sent with a status change): not
        # automatic mail, whatever else the message says.
        "human_reply": delivery.template == "public_response" or written_with is not None,
    }


def build(delivery: Delivery) -> EmailMessage:
    ctx = context_for(delivery)
    language = settings.LANGUAGE_CODE
    if delivery.template in REQUESTER_TEMPLATES:  # in the language they opened the ticket in
        language = delivery.ticket.requester_language or language
    with translation.override(language):
        subject = render_to_string(f"emails/{delivery.template}_subject.txt", ctx)
        body = render_to_string(f"emails/{delivery.template}.txt", ctx)
    subject = " ".join(subject.split())  # one line, whatever the template's whitespace
    ticket = delivery.ticket
    headers = {
        "X-Auto-Response-Suppress": "All",
        "X-Helpdesk-Ticket": ticket.label,
        **thread_headers(delivery),
    }
    if not ctx["human_reply"]:  # RFC 3834: automatic mail only; responders do not answer it
        headers["Auto-Submitted"] = "auto-generated"
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=threading.from_address(),
        to=[delivery.recipient],
        # Requesters and agents alike answer the ticket by replying (mail.inbound.process).
        reply_to=[threading.reply_address(ticket.pk)],
        headers=headers,
    )


def thread_headers(delivery: Delivery) -> dict:
    """Message-ID, In-Reply-To and References of an outbox row's mail.

    The "ticket created" mail is the thread's root; for a ticket opened by e-mail it answers
    the requester's message. Every later mail names that message and the root in
    ``References`` and answers the requester's latest e-mail on the ticket (else the root),
    so even a reply whose client dropped its headers is tied into the thread.
    """
    ticket_id = delivery.ticket_id
    root = threading.thread_root(ticket_id)
    origin, latest = _requester_message_ids(delivery)
    if delivery.template == "ticket_created":
        headers = {"Message-ID": root}
        parents = [origin] if origin else []
    else:
        own = delivery.message_id or threading.message_id(delivery.pk, root)
        headers = {"Message-ID": own}
        parents = list(dict.fromkeys(i for i in (origin, root, latest) if i))
    if parents:
        headers["In-Reply-To"] = parents[-1]
        headers["References"] = " ".join(parents)
    return headers


def _requester_message_ids(delivery: Delivery) -> tuple[str, str]:
    """The Message-IDs of the first and the latest of the requester's e-mails recorded on
    the ticket before this row was written (``""`` when there is none)."""
    rows = (
        InboundMessage.objects.filter(
            ticket_id=delivery.ticket_id,
            status__in=[InboundMessage.Status.TICKET, InboundMessage.Status.COMMENT],
            sender=(delivery.ticket.requester_email or "").lower(),
            received_at__lte=delivery.created_at,
        )
        .exclude(message_id="")
        .exclude(message_id__endswith="@no-message-id>")
        .order_by("received_at", "id")
        .values_list("message_id", flat=True)
    )
    first = rows.first()
    return (first, rows.last()) if first else ("", "")
