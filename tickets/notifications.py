"""E-mail to requesters. Called through ``transaction.on_commit`` by the services, so a
rolled-back change never sends mail. Failures are logged, never raised into a request."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from tickets.models import Activity, Ticket
from tickets.public.links import requester_link_context

logger = logging.getLogger(__name__)


def _send(template: str, ticket: Ticket, **context) -> None:
    if not ticket.requester_email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        ctx = {
            "ticket": ticket,
            "site_url": settings.HELPDESK_SITE_URL,
            **requester_link_context(ticket),  # signed links that open the ticket
            **context,
        }
        subject = render_to_string(f"emails/{template}_subject.txt", ctx).strip()
        body = render_to_string(f"emails/{template}.txt", ctx)
    try:
        send_mail(subject, body, None, [ticket.requester_email])
    except Exception:  # noqa: BLE001 - mail trouble must not break the request
        logger.exception("could not send %s e-mail for ticket %s", template, ticket.label)


def ticket_created(ticket_id) -> None:
    ticket = Ticket.objects.select_related("priority", "area").get(pk=ticket_id)
    _send("ticket_created", ticket)


def public_response(activity_id) -> None:
    activity = Activity.objects.select_related("ticket__area", "ticket__priority").get(
        pk=activity_id
    )
    _send("public_response", activity.ticket, activity=activity)


def ticket_solved(activity_id) -> None:
    activity = Activity.objects.select_related("ticket__area", "ticket__priority").get(
        pk=activity_id
    )
    response = (
        Activity.objects.filter(ticket_id=activity.ticket_id, public=True, type="comment")
        .order_by("-created_at", "-id")
        .first()
    )
    _send("ticket_solved", activity.ticket, activity=activity, response=response)
