"""The base domain errors: what went wrong, in words, with no HTTP in them beyond the
status each face is advised to answer with (``status_code``) and a short ``code``.

Apps raise them (``tickets.errors`` subclasses them with the ticket-specific ones); each way
in maps them to its own shape in one place, and the shared web mixin (``core.web``) maps them
to pages. ``core`` knows no app, so the mapping works on these bases.

| error               | status | meaning                                          |
|---------------------|--------|--------------------------------------------------|
| ``ValidationFailed``| 400    | bad input; ``errors`` names the fields           |
| ``FileTooLarge``    | 413    | a ``ValidationFailed`` about a file's size       |
| ``UnsupportedFileType`` | 415 | a ``ValidationFailed`` about a file's type     |
| ``NotAllowed``      | 403    | the actor may not do this                        |
| ``NotFound``        | 404    | no such thing (or not visible to the actor)      |
| ``Conflict``        | 409    | the change contradicts the current state         |
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status_code = 400
    code = "error"
    default_message = _("The request could not be processed.")

    def __init__(self, message=None):
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))

    def in_words(self) -> str:
        """The refusal as a page shows it to a person (the APIs keep ``message``)."""
        return str(self.message)


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


class Conflict(DomainError):
    """The change contradicts the current state (pages show ``in_words()`` and answer 409)."""

    status_code = 409
    code = "conflict"
