import logging

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _

from mail.delivery import mail_not_delivered

logger = logging.getLogger(__name__)


def undelivered_mail_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``check --deploy``: a production desk whose e-mail backend delivers nothing."""
    reason = mail_not_delivered(debug=settings.DEBUG, backend=settings.EMAIL_BACKEND)
    return [checks.Warning(reason, id="mail.W001")] if reason else []


class MailConfig(AppConfig):
    """E-mail in and out. Hears about tickets only through ``tickets.events`` and changes
    them only through ``tickets.services``; ``tickets`` never imports this app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "mail"
    verbose_name = _("E-mail")

    def ready(self) -> None:
        from core import extensions
        from mail import receivers, rotation, selectors, tasks  # noqa: F401 - tasks: queued by name
        from tickets import events

        events.subscribe(receivers.write_outbox, phase=events.IN_TRANSACTION)
        events.subscribe(receivers.enqueue_outbox, phase=events.ON_COMMIT)
        events.subscribe(rotation.rotate_on_solve, phase=events.IN_TRANSACTION)
        # The ticket page: entries that came by e-mail, the ticket's held mail.
        extensions.annotate_history(selectors.with_email)
        extensions.annotate_ticket(selectors.with_held_count)
        checks.register(undelivered_mail_check, "mail", deploy=True)
        reason = mail_not_delivered(debug=settings.DEBUG, backend=settings.EMAIL_BACKEND)
        if reason:
            logger.warning(reason)  # every process says it once, as it starts
