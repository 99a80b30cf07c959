"""Signed rating links: one per ticket resolution, expiring, no login.

A token signs ``<ticket id hex>:<resolution key>`` (``django.core.signing``, keyed by
``SECRET_KEY``, salt ``surveys.rating``) with a timestamp; it is refused after
``HELPDESK_CSAT_LINK_DAYS`` days, when tampered with (another ticket's id does not match
its signature), once the ticket was reopened or solved again (the resolution key changed:
the new resolution has a new link) and once that resolution is rated. The score travels
beside the token (``?score=good``): it only preselects the form, which saves on POST.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from surveys.models import AreaSurvey
from tickets.errors import NotFound
from tickets.services.rating import SCORES, current_resolution_key, rated

logger = logging.getLogger(__name__)

SALT = "surveys.rating"
SEP = ":"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_token(ticket) -> str:
    return _signer().sign(f"{ticket.pk.hex}{SEP}{current_resolution_key(ticket)}")


def read_token(token: str) -> tuple[uuid.UUID, str]:
    """``(ticket id, resolution key)`` of a valid token; ``NotFound`` for a tampered or
    expired one alike."""
    max_age = timedelta(days=settings.HELPDESK_CSAT_LINK_DAYS)
    try:
        value = _signer().unsign(str(token), max_age=max_age)
        ticket_hex, key = value.split(SEP, 1)
        return uuid.UUID(hex=ticket_hex), key
    except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature
        raise NotFound() from None


def enabled_for(area_id) -> bool:
    setting = AreaSurvey.objects.filter(area_id=area_id).values_list("enabled", flat=True)
    return next(iter(setting), True)


def rating_path(ticket, score: str | None = None) -> str:
    path = reverse("surveys:rate", args=[make_token(ticket)])
    return f"{path}?{urlencode({'score': score})}" if score in SCORES else path


@dataclass(frozen=True)
class Offer:
    url: str
    good_url: str
    bad_url: str


def offer_for(ticket, *, absolute: bool = False) -> Offer | None:
    """The rating links for ``ticket``'s current resolution, or ``None`` when there is
    nothing to offer: not solved, its area does not ask, or already rated. Never raises:
    a failure here costs the link, never the page or the e-mail it is in."""
    try:
        key = current_resolution_key(ticket)
        if not key or not enabled_for(ticket.area_id) or rated(ticket, key):
            return None
        base = settings.HELPDESK_SITE_URL.rstrip("/") if absolute else ""
        return Offer(
            url=base + rating_path(ticket),
            good_url=base + rating_path(ticket, "good"),
            bad_url=base + rating_path(ticket, "bad"),
        )
    except Exception:  # noqa: BLE001 - see the docstring
        logger.exception("rating offer failed for ticket %s", getattr(ticket, "pk", None))
        return None
