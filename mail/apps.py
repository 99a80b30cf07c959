from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    """E-mail in and out. Hears about tickets only through ``tickets.events`` and changes
    them only through ``tickets.services``; ``tickets`` never imports this app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "mail"
    verbose_name = _("E-mail")

    def ready(self) -> None:
        from mail import receivers, rotation, selectors
        from tickets import events
        from tickets.portal import extensions

        events.subscribe(receivers.write_outbox, phase=events.IN_TRANSACTION)
        events.subscribe(receivers.enqueue_outbox, phase=events.ON_COMMIT)
        events.subscribe(rotation.rotate_on_solve, phase=events.IN_TRANSACTION)
        # The ticket page: entries that came by e-mail, the ticket's held mail.
        extensions.annotate_history(selectors.with_email)
        extensions.annotate_ticket(selectors.with_held_count)
