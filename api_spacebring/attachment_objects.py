"""Attachments as the contract's ``data.attachments`` objects (``key``, ``mime``, ``name``,
``size``, ``url``; ``height``/``width`` for images)."""

from django.conf import settings
from django.urls import reverse

KEYS = ("key", "mime", "name", "size", "url", "height", "width")


def attachment_url(key: str) -> str:
    path = reverse("spacebring-attachment", args=[key])
    return settings.HELPDESK_SITE_URL.rstrip("/") + path


def attachment_object(row) -> dict:
    """The contract's ``data.attachments`` item: ``height``/``width`` for images only."""
    data = {
        "key": row.key,
        "mime": row.mime,
        "name": row.name,
        "size": row.size,
        "url": attachment_url(row.key),
    }
    if row.height is not None and row.width is not None:
        data["height"] = row.height
        data["width"] = row.width
    return data


def legacy_objects(stored: dict) -> list[dict]:
    """Metadata-only attachments recorded before files were stored here."""
    return [
        {k: item[k] for k in KEYS if k in item}
        for item in stored.get("attachments") or []
        if isinstance(item, dict)
    ]
