from django.apps import AppConfig


class ApiMesaConfig(AppConfig):
    """The Mesa de Ayuda API (``/api/``)."""

    name = "api_mesa"

    def ready(self) -> None:
        from api_mesa.errors import last_resort_body
        from core import faces

        faces.register(prefix="/api/", error_body=last_resort_body)
