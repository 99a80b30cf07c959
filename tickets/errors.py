"""The one family of domain errors. Services raise them; each way in maps them to its shape.

| error               | HTTP | Spacebring ``type`` |
|---------------------|------|---------------------|
| ``ValidationFailed``| 400  | ``validation``      |
| ``NotAllowed``      | 403  | ``forbidden``       |
| ``NotFound``        | 404  | ``notFound``        |
| ``InvalidTransition``| 409 | ``conflict``        |
| ``StaleVersion``    | 409  | ``conflict``        |
| ``FileTooLarge``    | 413  | ``tooLarge``        |
| ``UnsupportedFileType``| 415 | ``unsupportedMediaType`` |

``FileTooLarge`` and ``UnsupportedFileType`` are ``ValidationFailed`` (they name the field of
the refused file) with their own status: faces that map ``ValidationFailed`` read
``status_code`` instead of assuming 400.

The generic ones are ``core.errors``' (re-exported here, the same classes), so ``core``'s web
mixin maps them without knowing this app; the ticket-specific ones subclass them.
"""

from django.utils.translation import gettext_lazy as _

from core.errors import (
    Conflict,
    DomainError,
    FileTooLarge,
    NotAllowed,
    NotFound,
    UnsupportedFileType,
    ValidationFailed,
)
from tickets.workflow import InvalidTransition, TicketFinal

__all__ = [
    "Conflict",
    "DomainError",
    "FileTooLarge",
    "InvalidTransition",
    "NotAllowed",
    "NotFound",
    "StaleVersion",
    "TicketFinal",
    "UnsupportedFileType",
    "ValidationFailed",
]


class StaleVersion(DomainError):
    """The caller's copy of the ticket is older than the stored one (portal forms carry the
    version they were rendered from; the APIs stay last-write-wins)."""

    status_code = 409
    code = "conflict"
    default_message = _("The ticket changed since you opened it.")

    def __init__(self, seen):
        self.seen = seen  # the version the caller had (an aware datetime)
        super().__init__()
