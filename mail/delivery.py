"""Whether outgoing e-mail is really delivered. A desk whose e-mail backend writes to standard
output, to files or nowhere marks every requester's mail sent although none arrives."""

# E-mail backends that deliver nothing: with DEBUG off a requester's mail would be marked
# sent and never arrive. Said at start-up (logged by the mail app), in ``check --deploy``
# (``mail.W001``) and in ``/readyz`` (``"email": {"status": "warn"}``); it does not stop the
# desk (an operator may want it so), but it is never silent.
UNDELIVERED_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "written to standard output",
    "django.core.mail.backends.filebased.EmailBackend": "written to files",
    "django.core.mail.backends.dummy.EmailBackend": "discarded",
}


def mail_not_delivered(*, debug: bool, backend: str) -> str | None:
    """One line saying that outgoing e-mail is not delivered (None when it is, or in DEBUG)."""
    fate = UNDELIVERED_MAIL_BACKENDS.get(backend)
    if debug or fate is None:
        return None
    return (
        f"E-mail is not delivered: EMAIL_BACKEND is {backend}, so every message is {fate} and "
        "marked sent. Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
        "EMAIL_USE_TLS) for SMTP."
    )
