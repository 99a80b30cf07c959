from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Satisfaction surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from surveys import receivers
        from tickets import events

        events.subscribe(receivers.store_rating, phase=events.IN_TRANSACTION)
