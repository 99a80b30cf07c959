"""E-mail backends that behave like a refusing server, for outbox unit tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class PermanentRefusal(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPDataError(550, b"mailbox unavailable")
