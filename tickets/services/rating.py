"""The requester's satisfaction rating of a resolution (CSAT, issue 20).

A ticket is rated at most once per resolution: ``current_resolution_key(ticket)`` names the current
one (the time it was solved, to the microsecond), so a ticket reopened and solved again
has a new key and can be rated again. Whoever offers the rating (the ``surveys`` app's
signed link) proves the requester; this service checks, under the row lock, that the
resolution is still the current one and not yet rated.
"""

from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.errors import NotAllowed, ValidationFailed
from tickets.models import Activity, ActivityType, Ticket
from tickets.services._base import clean_text, lock, record

SCORES = ("good", "bad")
MAX_COMMENT = 2000


class AlreadyRated(NotAllowed):
    default_message = _("This resolution has already been rated. Thank you!")


class ResolutionChanged(NotAllowed):
    default_message = _("This ticket is no longer solved as it was when the link was sent.")


def current_resolution_key(ticket: Ticket) -> str:
    """The current resolution of ``ticket`` ("" while it is not solved)."""
    if ticket.resolved_at is None:
        return ""
    return str(int(ticket.resolved_at.timestamp() * 1_000_000))


def rated(ticket: Ticket, key: str) -> bool:
    return Activity.objects.filter(
        ticket_id=ticket.pk, type=ActivityType.RATING, data__resolution=key
    ).exists()


@transaction.atomic(durable=True)
def ticket_record_rating(
    *, ticket_id: UUID | str, resolution_key: str, score: str, comment: str = ""
) -> Activity:
    """Record the requester's rating (``good`` / ``bad``) and optional comment.

    Writes one internal ``rating`` entry (``data``: ``score``, ``comment``, ``resolution``):
    agents read both in the history, the requester's timeline never shows it. The ticket
    itself is not edited (``updated_at`` stays). Refuses (``NotAllowed``) a resolution that
    is no longer the current one or is already rated, (``ValidationFailed``) a bad score or
    a comment over ``MAX_COMMENT`` characters.
    """
    if score not in SCORES:
        raise ValidationFailed.for_field("score", _("Choose good or bad."))
    comment = clean_text(comment, "comment", required=False)
    if len(comment) > MAX_COMMENT:
        raise ValidationFailed.for_field(
            "comment",
            _("Ensure this field has no more than %(n)d characters.") % {"n": MAX_COMMENT},
        )
    ticket = lock(ticket_id)
    key = current_resolution_key(ticket)
    if not key or key != resolution_key:
        raise ResolutionChanged()
    if rated(ticket, key):
        raise AlreadyRated()
    data = {"score": score, "resolution": key}
    if comment:
        data["comment"] = comment
    return record(ticket, None, ActivityType.RATING, data, public=False, now=timezone.now())
