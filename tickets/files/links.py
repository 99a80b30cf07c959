"""Requesters' download links: signed by this server after the label + e-mail check,
expiring after ``HELPDESK_ATTACHMENT_LINK_MAX_AGE`` seconds. A link names one file of one
ticket and a hash of the requester's e-mail: it stops working when either changes."""

import hashlib

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "tickets.files.requester-link"


def email_hash(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:16]


def requester_link(grant):
    """``link(attachment, inline)`` for the timeline of ``grant`` (a ``Requester``)."""

    def link(attachment, inline: bool = False) -> str:
        token = signing.dumps(
            {"k": attachment.key, "t": str(grant.ticket_id), "h": email_hash(grant.email)},
            salt=SALT,
            compress=True,
        )
        url = reverse("public:attachment", args=[token])
        return f"{url}?inline=1" if inline else url

    return link


def read_link(token: str) -> dict | None:
    """The link's payload (``k`` key, ``t`` ticket id, ``h`` e-mail hash), or ``None`` when
    it is forged, altered or expired."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.HELPDESK_ATTACHMENT_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return payload if isinstance(payload, dict) else None
