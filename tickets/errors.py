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
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status_code = 400
    code = "error"
    default_message = _("The request could not be processed.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))


class ValidationFailed(DomainError):
    """Bad input. ``errors`` maps each offending field to a list of messages."""

    status_code = 400
    code = "validation"
    default_message = _("Invalid data.")

    def __init__(self, errors: dict[str, list] | None = None, message=None):
        self.errors = {field: [str(m) for m in msgs] for field, msgs in (errors or {}).items()}
        if message is None and self.errors:
            field, msgs = next(iter(self.errors.items()))
            message = f"{field}: {msgs[0]}"
        super().__init__(message)

    @classmethod
    def for_field(cls, field: str, message) -> "ValidationFailed":
        return cls({field: [message]})


class FileTooLarge(ValidationFailed):
    """An attachment over ``HELPDESK_ATTACHMENT_MAX_BYTES`` (or an image over the pixel limit)."""

    status_code = 413
    code = "tooLarge"
    default_message = _("The file is too large.")


class UnsupportedFileType(ValidationFailed):
    """An attachment whose content (sniffed, whatever its name) is not an allowed type."""

    status_code = 415
    code = "unsupportedMediaType"
    default_message = _("This type of file is not allowed.")


class NotAllowed(DomainError):
    status_code = 403
    code = "forbidden"
    default_message = _("You do not have permission to perform this action.")


class NotFound(DomainError):
    status_code = 404
    code = "notFound"
    default_message = _("Ticket not found.")


class InvalidTransition(DomainError):
    status_code = 409
    code = "conflict"

    def __init__(self, current: str, target: str):
        self.current = current
        self.target = target
        super().__init__(
            _("A ticket in status %(current)s cannot change to %(target)s.")
            % {"current": current, "target": target}
        )


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


class StaleVersion(DomainError):
    """The caller's copy of the ticket is older than the stored one (portal forms carry the
    version they were rendered from; the APIs stay last-write-wins)."""

    status_code = 409
    code = "conflict"
    default_message = _("The ticket changed since you opened it.")

    def __init__(self, seen):
        self.seen = seen  # the version the caller had (an aware datetime)
        super().__init__()
