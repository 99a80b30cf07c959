from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tickets"
    verbose_name = _("Tickets")

    def ready(self):
        from tickets.sla import schedule

        schedule.connect()  # calendar, policy and priority changes recompute open tickets
