"""Where attachment bytes live: Django's storage API, alias ``attachments`` of
``settings.STORAGES`` (``MEDIA_ROOT`` on disk by default; S3-compatible through
django-storages when ``HELPDESK_ATTACHMENT_STORAGE=s3``, see docs/operations.md).

Nothing here is ever served as media: downloads stream through ``tickets.files.responses``
after the permission check.
"""

import secrets

from django.core.files.storage import storages
from django.utils import timezone

PREFIX = "attachments"


def attachment_storage():
    return storages["attachments"]


def new_key() -> str:
    return secrets.token_hex(16)


def path_for(key: str, now=None) -> str:
    """``attachments/2026/12/01/<key>``: by day, so the sweep lists one day at a time."""
    return f"{PREFIX}/{(now or timezone.now()):%Y/%m/%d}/{key}"
