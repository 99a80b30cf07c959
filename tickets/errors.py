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

from django.utils.translation import gettext
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
from tickets.models import Status

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


def _status_label(value) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return str(value)


class InvalidTransition(Conflict):
    """The state machine refuses the move (``message`` names the codes, as the APIs show
    them; ``in_words()`` names the statuses' labels, as the pages show them)."""

    def __init__(self, current: str, target: str):
        self.current = current
        self.target = target
        super().__init__(
            _("A ticket in status %(current)s cannot change to %(target)s.")
            % {"current": current, "target": target}
        )

    def in_words(self) -> str:
        return gettext("A ticket in status %(current)s cannot change to %(target)s.") % {
            "current": _status_label(self.current),
            "target": _status_label(self.target),
        }


class TicketFinal(InvalidTransition):
    """The ticket is CANCELADO or ARCHIVADO: it takes no more changes, comments or notes."""

    def __init__(self, current: str):
        self.current = current
        self.target = current
        DomainError.__init__(
            self,
            _("A ticket in status %(current)s is final: it takes no more changes or comments.")
            % {"current": current},
        )

    def in_words(self) -> str:
        return gettext(
            "A ticket in status %(current)s is final: it takes no more changes or comments."
        ) % {"current": _status_label(self.current)}


class StaleVersion(DomainError):
    """The caller's copy of the ticket is older than the stored one (portal forms carry the
    version they were rendered from; the APIs stay last-write-wins)."""

    status_code = 409
    code = "conflict"
    default_message = _("The ticket changed since you opened it.")

    def __init__(self, seen):
        self.seen = seen  # the version the caller had (an aware datetime)
        super().__init__()
