from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from tickets import events
        from webhooks import outbox, tasks  # noqa: F401 - tasks: registered (queued by name)

        # The outbox rows commit (or roll back) with the ticket change; the queueing waits
        # for the commit. The ``webhooks.retry_due`` beat task catches anything not queued.
        events.subscribe(outbox.write_deliveries, phase=events.IN_TRANSACTION)
        events.subscribe(outbox.enqueue_deliveries, phase=events.ON_COMMIT)
