"""The files of a received message: attachments and inline images (``cid:``), taken through
the same checks and limits as uploads (``tickets.services.attachments.check_upload``: size,
type sniffed from the content, pixels; at most ``HELPDESK_ATTACHMENT_MAX_FILES``). What is
refused is named with the reason, for the ticket's history and the review list."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from tickets.errors import DomainError
from tickets.services.attachments import check_upload, clean_name

# Parts that are the message's own structure, never files.
_STRUCTURE = {"message/delivery-status", "message/disposition-notification", "text/rfc822-headers"}


@dataclass
class Files:
    accepted: list = field(default_factory=list)  # ContentFile objects, ready for uploads=
    refused: list[dict] = field(default_factory=list)  # {"name", "reason"}


def _is_file(part, body) -> bool:
    if part is body or part.is_multipart() or part.get_content_type() in _STRUCTURE:
        return False
    disposition = (part.get_content_disposition() or "").lower()
    if disposition == "attachment" or part.get_filename():
        return True
    # A text part is an alternative body, not a file; anything else inline is one (the
    # images of multipart/related that the HTML names by cid:).
    return part.get_content_maintype() != "text"


def _name(part, index: int) -> str:
    name = part.get_filename()
    if not name:
        ext = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
               "application/pdf": "pdf"}.get(part.get_content_type(), "bin")
        cid = (part.get("Content-ID") or "").strip("<> ").split("@")[0]
        name = f"{cid or 'adjunto-' + str(index)}.{ext}"
    return clean_name(str(name).replace("\x00", ""))


def _reason(exc: DomainError) -> str:
    detail = getattr(exc, "detail", None) or getattr(exc, "errors", None)
    if isinstance(detail, dict):
        for messages in detail.values():
            if messages:
                return str(messages[0] if isinstance(messages, list) else messages)
    return str(exc)


def files_of(msg) -> Files:
    """Every file part of ``msg`` checked: the first ``HELPDESK_ATTACHMENT_MAX_FILES``
    accepted ones, the rest listed as refused."""
    out = Files()
    if msg is None or not msg.is_multipart():
        return out
    try:
        body = msg.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001 - a broken structure: every leaf is a candidate
        body = None
    limit = settings.HELPDESK_ATTACHMENT_MAX_FILES
    for index, part in enumerate(msg.walk(), start=1):
        if not _is_file(part, body):
            continue
        name = _name(part, index)
        try:
            content = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001 - undecodable transfer encoding
            out.refused.append({"name": name, "reason": _("The file could not be decoded.")})
            continue
        upload = ContentFile(content, name=name)
        try:
            check_upload(upload)
        except DomainError as exc:
            out.refused.append({"name": name, "reason": _reason(exc)})
            continue
        if len(out.accepted) >= limit:
            out.refused.append(
                {"name": name, "reason": _("At most %(n)d files per message.") % {"n": limit}}
            )
            continue
        upload.seek(0)
        out.accepted.append(upload)
    return out
