"""Attachments: check a file (size, type sniffed from its content, image dimensions), store
it through the storage API and tie it to the history entry it was sent with.

Same transaction rules as every service: the row is written in the transaction of its
activity, and a file whose transaction rolls back is removed from storage
(``files_removed_on_rollback``: the service that stored it deletes it on the way out of
the failed transaction; an orphan left by an outer transaction rolling back later is
removed by ``attachments_sweep`` within the hour).

Entry points:

- ``attachments_add(*, actor, ticket, activity, uploads)``: the files sent with a message
  the same actor just wrote (portal, requester pages, Mesa multipart, incoming e-mail);
  ``attachment_add`` for one file.
- ``attachment_upload(*, actor, upload, network)``: an upload not yet tied to any ticket
  (Spacebring's upload endpoint); ``attachments_claim`` ties uploads named by ``key``.
"""

import contextvars
import functools
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Network, User
from tickets.access import Actor
from tickets.errors import FileTooLarge, UnsupportedFileType, ValidationFailed
from tickets.files import images, sniff
from tickets.files.names import clean_name
from tickets.files.storage import PREFIX, attachment_storage, new_key, path_for
from tickets.models import Activity, Attachment, Ticket

logger = logging.getLogger(__name__)

FIELD = "attachments"
CHUNK = 64 * 1024

_stored: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "attachment_files_stored", default=None
)


def files_removed_on_rollback(func=None, *, durable: bool = True):
    """A public service's transaction (``transaction.atomic(durable=True)``: never nested in
    another) that also deletes, when it fails, every file stored inside it.

    ``durable=False`` for the few services that a caller's own unit of work may hold: an
    idempotency key (``idempotency.keys``) or an inbound e-mail's row (``mail.inbound``) is
    committed with the ticket it produced, or not at all."""
    if func is None:
        return functools.partial(files_removed_on_rollback, durable=durable)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        stored: list[str] = []
        token = _stored.set(stored)
        try:
            with transaction.atomic(durable=durable):
                return func(*args, **kwargs)
        except BaseException:
            _delete_files(stored)
            raise
        finally:
            _stored.reset(token)

    return wrapper


def _delete_files(paths) -> None:
    storage = attachment_storage()
    for path in paths:
        try:
            storage.delete(path)
        except Exception:  # noqa: BLE001 - the sweep will retry
            logger.warning("could not delete attachment file %s", path, exc_info=True)


@dataclass
class Checked:
    upload: object
    name: str
    mime: str
    size: int
    width: int | None = None
    height: int | None = None


def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    return int(size)


def as_list(value, *, field: str = FIELD) -> list:
    """``uploads`` / ``attachment_keys`` as a list; anything else is a 400."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValidationFailed.for_field(field, _("Must be a list."))
    return list(value)


def check_count(count: int, *, field: str = FIELD) -> None:
    limit = settings.HELPDESK_ATTACHMENT_MAX_FILES
    if count > limit:
        raise ValidationFailed.for_field(
            field, _("At most %(n)d files per message.") % {"n": limit}
        )


def check_upload(upload, *, field: str = FIELD) -> Checked:
    """Refuse what may not be stored: too large (413), a type not allowed by its content
    (415: HTML, SVG, executables whatever the name says), an image over the pixel limit
    (413) or one Pillow cannot read (415). Reads the head only; never decodes an image."""
    name = clean_name(getattr(upload, "name", ""))
    limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
    size = _size(upload)
    if getattr(upload, "over_limit", False) or size > limit:
        raise FileTooLarge(
            {
                field: [
                    _("%(name)s is larger than %(limit)s.")
                    % {"name": name, "limit": filesizeformat(limit)}
                ]
            }  # fmt: skip
        )
    if size == 0:
        raise ValidationFailed.for_field(field, _("%(name)s is empty.") % {"name": name})
    try:
        mime = sniff.sniff(upload)
    except sniff.Refused as exc:
        raise UnsupportedFileType({field: [_refusal(exc.reason, name)]}) from None
    if mime not in settings.HELPDESK_ATTACHMENT_TYPES:
        raise UnsupportedFileType({field: [_refusal("unknown", name)]})
    checked = Checked(upload=upload, name=name, mime=mime, size=size)
    if mime.startswith("image/"):
        try:
            checked.width, checked.height = images.dimensions(upload, mime)
        except images.BadImage as exc:
            if exc.reason == "too_large":
                raise FileTooLarge(
                    {field: [_("%(name)s has too many pixels.") % {"name": name}]}
                ) from None
            raise UnsupportedFileType({field: [_refusal("unknown", name)]}) from None
    return checked


def _refusal(reason: str, name: str) -> str:
    messages = {
        "executable": _("%(name)s is a program or script; those are not accepted."),
        "markup": _("%(name)s is HTML, SVG or XML; those are not accepted."),
        "archive": _("%(name)s is an archive that expands too much or holds other archives."),
    }
    default = _(
        "%(name)s is not an accepted type (images, PDF, office documents, plain text, zip)."
    )
    return messages.get(reason, default) % {"name": name}


def _store(checked: Checked) -> tuple[str, str, str]:
    """Write the file to storage in chunks; (key, path, sha256). Tracked for cleanup."""
    upload = checked.upload
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
    upload.seek(0)
    key = new_key()
    path = attachment_storage().save(path_for(key), upload)
    stored = _stored.get()
    if stored is not None:
        stored.append(path)
    return key, path, digest.hexdigest()


def _real(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _same_author(actor, activity: Activity) -> bool:
    real = _real(actor)
    return (activity.actor_id is None and real is None) or (
        real is not None and activity.actor_id == real.pk
    )


@files_removed_on_rollback
def attachments_add(
    *, actor: Actor, ticket: Ticket, activity: Activity, uploads: Sequence, field: str = FIELD
) -> list[Attachment]:
    """Store ``uploads`` as files of ``activity`` (already written by ``actor``)."""
    return store_files(actor=actor, ticket=ticket, activity=activity, uploads=uploads, field=field)


def store_files(
    *, actor, ticket: Ticket, activity: Activity, uploads: Sequence, field: str = FIELD
) -> list[Attachment]:
    """Store ``uploads`` as files of ``activity``, written by ``actor`` on ``ticket`` in
    the current transaction (the service that wrote it checked the permission). Every file
    is checked before any is stored; public as the activity is. For the services of this
    package, inside their own transaction (``files_removed_on_rollback``)."""
    uploads = list(uploads or [])
    if not uploads:
        return []
    if activity.ticket_id != ticket.pk or not _same_author(actor, activity):
        raise ValidationFailed.for_field(field, _("Files join their author's own message."))
    existing = Attachment.objects.filter(activity=activity).count()
    check_count(existing + len(uploads), field=field)
    checked = [check_upload(upload, field=field) for upload in uploads]
    rows = []
    for item in checked:
        key, path, sha = _store(item)
        rows.append(
            Attachment(
                key=key,
                path=path,
                ticket=ticket,
                activity=activity,
                network_id=ticket.location.network_id,
                name=item.name,
                mime=item.mime,
                size=item.size,
                sha256=sha,
                width=item.width,
                height=item.height,
                public=activity.public,
                uploaded_by=_real(actor),
                created_at=activity.created_at,
            )
        )
    return Attachment.objects.bulk_create(rows)


@files_removed_on_rollback
def attachment_add(*, actor: Actor, ticket: Ticket, activity: Activity, upload: File) -> Attachment:
    """One file of ``activity`` (see ``attachments_add``); for incoming e-mail and the like."""
    return store_files(actor=actor, ticket=ticket, activity=activity, uploads=[upload])[0]


@files_removed_on_rollback
def attachment_upload(
    *, actor: User, upload: File, network: Network | None = None, field: str = "file"
) -> Attachment:
    """An upload not tied to a ticket yet: the caller names its ``key`` in a create or a
    comment (``attachments_claim``) within ``HELPDESK_ATTACHMENT_PENDING_HOURS``."""
    if _real(actor) is None:
        raise ValidationFailed.for_field(field, _("Sign in to upload files."))
    item = check_upload(upload, field=field)
    key, path, sha = _store(item)
    return Attachment.objects.create(
        key=key,
        path=path,
        network=network,
        name=item.name,
        mime=item.mime,
        size=item.size,
        sha256=sha,
        width=item.width,
        height=item.height,
        public=False,
        uploaded_by=actor,
    )


@transaction.atomic(durable=True)
def attachments_claim(
    *, actor: Actor, ticket: Ticket, activity: Activity, keys: Sequence[str], field: str = FIELD
) -> list[Attachment]:
    """Tie uploads named by ``key`` to ``activity`` (see ``claim_files``)."""
    return claim_files(actor=actor, ticket=ticket, activity=activity, keys=keys, field=field)


def claim_files(
    *, actor, ticket: Ticket, activity: Activity, keys: Sequence[str], field: str = FIELD
) -> list[Attachment]:
    """Tie uploads named by ``key`` to ``activity``. Only the uploader's own uploads, of
    the ticket's network, not yet used: any other key is a 400 naming it."""
    keys = list(dict.fromkeys(str(k) for k in keys or []))
    if not keys:
        return []
    check_count(len(keys), field=field)
    real = _real(actor)
    rows = {
        row.key: row
        for row in Attachment.objects.select_for_update().filter(
            key__in=keys,
            activity__isnull=True,
            uploaded_by=real.pk if real else None,
            network_id=ticket.location.network_id,
        )
    }
    for index, key in enumerate(keys):
        if key not in rows:
            raise ValidationFailed.for_field(f"{field}[{index}].key", _("Unknown attachment key."))
    claimed = []
    for key in keys:
        row = rows[key]
        row.ticket, row.activity, row.public = ticket, activity, activity.public
        claimed.append(row)
    Attachment.objects.bulk_update(claimed, ["ticket", "activity", "public"])
    return claimed


def attachments_sweep(*, now: datetime | None = None) -> dict:
    """Remove uploads never referenced (older than ``HELPDESK_ATTACHMENT_PENDING_HOURS``)
    and files of today and yesterday that no row names (left by a transaction that rolled
    back after its files were stored) once they are an hour old.

    Not one transaction, on purpose: each removal commits alone (a file is gone for good
    once deleted, so its row must not wait for a transaction that could roll back)."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.HELPDESK_ATTACHMENT_PENDING_HOURS)
    pending = Attachment.objects.filter(activity__isnull=True, created_at__lt=cutoff)
    removed_pending = 0
    for row in pending.iterator(chunk_size=500):
        _delete_files([row.path])
        row.delete()
        removed_pending += 1
    storage = attachment_storage()
    orphans = 0
    for day in (now, now - timedelta(days=1)):
        folder = f"{PREFIX}/{day:%Y/%m/%d}"
        try:
            _dirs, names = storage.listdir(folder)
        except (FileNotFoundError, NotImplementedError, OSError):
            continue
        paths = {f"{folder}/{name}": name for name in names}
        known = set(Attachment.objects.filter(path__in=paths).values_list("path", flat=True))
        for path in set(paths) - known:
            try:
                old = storage.get_modified_time(path) < now - timedelta(hours=1)
            except (NotImplementedError, OSError):
                old = True
            if old:
                _delete_files([path])
                orphans += 1
    return {"pending": removed_pending, "orphans": orphans}
