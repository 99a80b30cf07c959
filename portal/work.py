"""What the ticket page shows of its work tools: the composer (and the macros that fill
it), "assign to me", the tickets merged into this one and the related ones. A fixed number
of queries whatever the number of merged or related tickets."""

from contextlib import suppress
from itertools import groupby

from portal.composer import prefilled_composer
from tickets.errors import DomainError
from tickets.selectors.history import timeline
from tickets.selectors.work import (
    merged_from,
    merged_public_activities,
    related_tickets,
    usable_macros,
)
from tickets.services.macros import macro_for
from tickets.services.placeholders import fill


def _merged_sections(ticket, link) -> list[tuple]:
    """[(duplicate, its public entries)] for the duplicates merged into ``ticket``."""
    sources = list(merged_from(ticket))
    if not sources:
        return []
    entries = timeline(merged_public_activities(ticket), for_requester=False, link=link)
    by_ticket = {
        key: list(group) for key, group in groupby(entries, key=lambda e: e.activity.ticket_id)
    }
    return [(source, by_ticket.get(source.pk, [])) for source in sources]


def work_tools(request, ticket, forms: dict, *, link) -> dict:
    """Context for ``portal/ticket.html``: ``forms`` maps each allowed action's name to
    (action, form, is_open) as the view built them; ``link(attachment, inline)`` makes the
    files' URLs."""
    user = request.user
    reply = forms.get("reply")
    macros, composer = [], None
    if reply is not None:
        composer = reply[1]
        macros = [(m, fill(m.body, ticket, user)) for m in usable_macros(user)]
        chosen = request.GET.get("macro") if request.method == "GET" else None
        if chosen:
            # An unknown or foreign macro: the empty composer, as without one.
            with suppress(DomainError):
                composer = prefilled_composer(ticket, user, macro_for(user, chosen))
    bound = composer is not None and composer.is_bound
    take = forms.get("take")
    return {
        "composer": composer,
        "composer_internal": bound and composer.data.get("reply-mode") == "internal",
        "chosen_macro": composer.data.get("reply-macro", "") if bound else "",
        "macros": macros,
        "take_form": take[1] if take and ticket.assignee_id != user.pk else None,
        "unlink_allowed": "unlink" in forms,
        "merged_sections": _merged_sections(ticket, link),
        "related": related_tickets(ticket),
    }
