"""``crear`` and ``consultar``: bodies (with the contract's constraints) and answers."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api_mesa import messages
from api_mesa.serializers.history import action_code, describe, public_entry
from core import api_fields as fields
from tickets.models import Tipo


class CrearSerializer(serializers.Serializer):
    nombre = fields.TextField(min_length=3, max_length=150)
    email = fields.EmailField(max_length=254)
    tipo = serializers.ChoiceField(choices=Tipo.values)
    categoria = fields.TextField(min_length=2, max_length=100)
    descripcion = fields.TextField(min_length=10, max_length=5000)
    prioridad = fields.TextField(max_length=20, help_text="BAJA, MEDIA, ALTA, URGENTE…")
    documento = fields.TextField(max_length=50, required=False, allow_blank=True)
    telefono = fields.TextField(max_length=30, required=False, allow_blank=True)
    tieneWhatsapp = serializers.BooleanField(required=False, default=False)  # noqa: N815
    empresaDepartamento = fields.TextField(  # noqa: N815
        max_length=150, required=False, allow_blank=True
    )
    subcategoria = fields.TextField(max_length=100, required=False, allow_blank=True)
    asunto = fields.TextField(max_length=200, required=False, allow_blank=True)
    areaAsignada = fields.TextField(  # noqa: N815
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Default: the intake area (HELPDESK_DEFAULT_AREA, MESA).",
    )


class CrearResponseSerializer(serializers.Serializer):
    ticketUuid = serializers.UUIDField(source="id")  # noqa: N815
    ticketLabel = serializers.CharField(source="label")  # noqa: N815
    estado = serializers.CharField(source="status")
    tipo = serializers.CharField()
    prioridad = serializers.CharField(source="priority.name")
    slaHoras = serializers.IntegerField(source="sla_hours")  # noqa: N815
    fechaCreacion = serializers.DateTimeField(source="created_at")  # noqa: N815
    fechaLimiteSla = serializers.DateTimeField(source="sla_due_at")  # noqa: N815
    mensaje = serializers.SerializerMethodField()

    def get_mensaje(self, ticket) -> str:
        return messages.TICKET_CREATED


class ConsultarSerializer(serializers.Serializer):
    label = fields.TextField(max_length=40)
    email = fields.EmailField(max_length=254)


class AdjuntoSerializer(serializers.Serializer):
    """Documents ``history.files`` (ours): a file of a history entry."""

    nombre = serializers.CharField()
    tipo = serializers.CharField()
    tamano = serializers.IntegerField()
    ancho = serializers.IntegerField(allow_null=True)
    alto = serializers.IntegerField(allow_null=True)
    url = serializers.CharField()


class PublicEntrySerializer(serializers.Serializer):
    """Documents ``history.public_entry``."""

    adjuntos = AdjuntoSerializer(many=True)

    fecha = serializers.DateTimeField()
    accion = serializers.CharField()
    nota = serializers.CharField()
    agenteNombre = serializers.CharField()  # noqa: N815
    agenteRol = serializers.CharField()  # noqa: N815
    estadoAnterior = serializers.CharField(allow_null=True)  # noqa: N815
    estadoNuevo = serializers.CharField(allow_null=True)  # noqa: N815
    prioridadAnterior = serializers.CharField(allow_null=True)  # noqa: N815
    prioridadNueva = serializers.CharField(allow_null=True)  # noqa: N815


# How close (seconds) a response must follow a change to count as the same ``actualizar``.
_SAME_OPERATION_SECONDS = 1


def latest_movement(history: list) -> dict:
    """The last public entry; a response written by the same ``actualizar`` as the status
    change just before it also carries that change's before/after values."""
    if not history:
        return {}
    last = describe(history[-1], for_requester=True)
    if len(history) > 1 and last["action"] == "RESPUESTA":
        before = history[-2]
        gap = (history[-1].created_at - before.created_at).total_seconds()
        same_actor = (before.actor_snapshot or {}).get("id") == (
            history[-1].actor_snapshot or {}
        ).get("id")
        if same_actor and 0 <= gap <= _SAME_OPERATION_SECONDS:
            change = describe(before, for_requester=True)
            for key in ("status", "priority"):
                last[f"{key}_before"] = change[f"{key}_before"]
                last[f"{key}_after"] = change[f"{key}_after"]
    return last


class ConsultarResponseSerializer(serializers.Serializer):
    """The requester's view. ``context["history"]``: public activities, oldest first."""

    ticketUuid = serializers.UUIDField(source="id")  # noqa: N815
    ticketLabel = serializers.CharField(source="label")  # noqa: N815
    ticketNum = serializers.IntegerField(source="number")  # noqa: N815
    solicitanteNombre = serializers.CharField(source="requester_name")  # noqa: N815
    solicitanteEmail = serializers.CharField(source="requester_email")  # noqa: N815
    solicitanteTel = serializers.CharField(source="requester_phone")  # noqa: N815
    tieneWhatsapp = serializers.BooleanField(source="requester_whatsapp")  # noqa: N815
    documento = serializers.CharField(source="requester_document")
    empresaDepartamento = serializers.CharField(source="requester_company")  # noqa: N815
    tipoSolicitud = serializers.CharField(source="tipo")  # noqa: N815
    categoria = serializers.CharField()
    subcategoria = serializers.CharField()
    asunto = serializers.CharField(source="subject")
    descripcionProblema = serializers.CharField(source="description")  # noqa: N815
    respuestaCliente = serializers.SerializerMethodField()  # noqa: N815
    areaAsignada = serializers.CharField(source="area.code")  # noqa: N815
    prioridadNombre = serializers.CharField(source="priority.name")  # noqa: N815
    estadoNombre = serializers.CharField(source="status")  # noqa: N815
    creadoEn = serializers.DateTimeField(source="created_at")  # noqa: N815
    actualizadoEn = serializers.DateTimeField(source="updated_at")  # noqa: N815
    fechaUltimaAccion = serializers.SerializerMethodField()  # noqa: N815
    accion = serializers.SerializerMethodField()
    nota = serializers.SerializerMethodField()
    agenteNombre = serializers.SerializerMethodField()  # noqa: N815
    agenteRol = serializers.SerializerMethodField()  # noqa: N815
    estadoAnterior = serializers.SerializerMethodField()  # noqa: N815
    estadoNuevo = serializers.SerializerMethodField()  # noqa: N815
    prioridadAnterior = serializers.SerializerMethodField()  # noqa: N815
    prioridadNueva = serializers.SerializerMethodField()  # noqa: N815
    historial = serializers.SerializerMethodField()

    def _latest(self) -> dict:
        if "_latest" not in self.context:
            self.context["_latest"] = latest_movement(self.context["history"])
        return self.context["_latest"]

    def get_respuestaCliente(self, ticket) -> str | None:  # noqa: N802
        responses = [a for a in self.context["history"] if action_code(a) == "RESPUESTA"]
        return responses[-1].data.get("text") if responses else None

    def get_fechaUltimaAccion(self, ticket) -> str | None:  # noqa: N802
        date = self._latest().get("date")
        return serializers.DateTimeField().to_representation(date) if date else None

    def get_accion(self, ticket) -> str | None:
        return self._latest().get("action")

    def get_nota(self, ticket) -> str | None:
        return self._latest().get("note")

    def get_agenteNombre(self, ticket) -> str | None:  # noqa: N802
        return self._latest().get("actor_name")

    def get_agenteRol(self, ticket) -> str | None:  # noqa: N802
        return self._latest().get("actor_role")

    def get_estadoAnterior(self, ticket) -> str | None:  # noqa: N802
        return self._latest().get("status_before")

    def get_estadoNuevo(self, ticket) -> str | None:  # noqa: N802
        return self._latest().get("status_after")

    def get_prioridadAnterior(self, ticket) -> str | None:  # noqa: N802
        return self._latest().get("priority_before")

    def get_prioridadNueva(self, ticket) -> str | None:  # noqa: N802
        return self._latest().get("priority_after")

    @extend_schema_field(PublicEntrySerializer(many=True))
    def get_historial(self, ticket) -> list[dict]:
        link = self.context.get("link")
        return [public_entry(a, link) for a in self.context["history"]]
