from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    """E-mail in and out. Hears about tickets only through ``tickets.events`` and changes
    them only through ``tickets.services``; ``tickets`` never imports this app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "mail"
    verbose_name = _("E-mail")

    def ready(self) -> None:
        from mail import receivers
        from tickets import events

        events.subscribe(receivers.write_outbox, phase=events.IN_TRANSACTION)
        events.subscribe(receivers.enqueue_outbox, phase=events.ON_COMMIT)
