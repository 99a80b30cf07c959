"""@mentions in internal notes: ``@agent@example.org`` names an agent by e-mail.

The stored note keeps the text as written and, in ``data["mentions"]``, a stable reference
to each agent mentioned (id and name as they were), which is what notifications and pages
use. Mentioning an agent who may not see the ticket is refused; so is any mention in a
public reply (it would show agents' names and addresses to the requester). An ``@``-word
that is not an active agent's e-mail stays plain text.
"""

import re

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tickets.access import Action, can
from tickets.errors import ValidationFailed
from tickets.models import Ticket

MENTION_RE = re.compile(r"(?<![\w.@])@([\w.%+-]+@[\w-]+(?:\.[\w-]+)+)")
MAX_MENTIONS = 20


def mentioned_emails(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in MENTION_RE.finditer(text or ""):
        seen.setdefault(match.group(1).rstrip(".").lower(), None)
    return list(seen)


def resolve_mentions(text: str, ticket: Ticket, *, public: bool) -> list[dict]:
    """The agents ``text`` mentions, as ``{"id", "nombre", "email"}``; raises
    ``ValidationFailed`` on a public mention or an agent who may not see ``ticket``."""
    emails = mentioned_emails(text)[:MAX_MENTIONS]
    if not emails:
        return []
    query = Q()
    for email in emails:
        query |= Q(email__iexact=email)
    agents = [u for u in User.objects.filter(query, is_active=True) if u.is_agent]
    if not agents:
        return []
    if public:
        raise ValidationFailed.for_field(
            "text", _("Mentions are only allowed in internal notes, not in public replies.")
        )
    blind = [u for u in agents if not can(u, Action.VIEW, ticket)]
    if blind:
        raise ValidationFailed.for_field(
            "text",
            _("%(name)s cannot see this ticket, so they cannot be mentioned.")
            % {"name": blind[0].full_name or blind[0].email},
        )
    order = {email: i for i, email in enumerate(emails)}
    agents.sort(key=lambda u: order.get(u.email.lower(), 0))
    return [{"id": str(u.pk), "nombre": u.full_name or u.email, "email": u.email} for u in agents]
