"""Turn an outbox row into the e-mail message: templates in ``templates/emails/`` rendered
with the ticket, plus the threading headers (``mail.threading``).

Templates get ``ticket``, ``activity`` (the history entry, when it is one), ``response``
(the public response that goes with it), ``data`` (the row's data: new status, SLA alert
kind and due time), ``site_url``, ``ticket_url`` (the requester's signed link that opens the ticket,
``tickets.public.links``; with ``confirm_url`` / ``reopen_url`` for a solved ticket) and
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
from mail.models import Delivery
from tickets.models import Activity, ActivityType, Status
from tickets.public.links import requester_link_context

# Templates whose reader is the requester: they carry the Reply-To that routes answers back.
REQUESTER_TEMPLATES = {"ticket_created", "status_updated", "ticket_solved", "public_response"}


def context_for(delivery: Delivery) -> dict:
    ticket = delivery.ticket
    activity = Activity.objects.filter(pk=delivery.activity_id).first()
    response = None
    if activity is not None and activity.type == ActivityType.STATUS_UPDATED:
        response = rules.response_with(activity)
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
    root = threading.thread_id(ticket.pk)
    headers = {
        # RFC 3834: automatic mail; well-behaved responders do not answer it.
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
        "X-Helpdesk-Ticket": ticket.label,
    }
    if delivery.template == "ticket_created":
        headers["Message-ID"] = root
    else:
        headers["Message-ID"] = threading.message_id(delivery.pk, ticket.pk)
        headers["In-Reply-To"] = root
        headers["References"] = root
    reply_to = None
    if delivery.template in REQUESTER_TEMPLATES:
        reply_to = [threading.reply_address(ticket.pk)]
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=threading.from_address(),
        to=[delivery.recipient],
        reply_to=reply_to,
        headers=headers,
    )
