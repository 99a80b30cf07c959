from django.apps import AppConfig


class ApiSpacebringConfig(AppConfig):
    """The Spacebring Support API (``/support/``)."""

    name = "api_spacebring"

    def ready(self) -> None:
        from api_spacebring.errors import last_resort_body
        from core import faces

        faces.register(prefix="/support/", error_body=last_resort_body)
