"""The agents' reads: dashboard rows and the full ticket."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api_mesa.serializers.history import agent_entry
from api_mesa.serializers.public import AdjuntoSerializer
from tickets.models import ActivityType, Status, Tipo
from tickets.selectors.sla import engine_calendars, hours_left


class DashboardQuerySerializer(serializers.Serializer):
    """Filters and pagination of the dashboard (all optional). An empty filter (``?tipo=``)
    filters nothing, as the served schema says (no ``minLength``, ``""`` among the choices)."""

    estado = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=50,
        help_text="EN PROCESO = EN_PROCESO; a status nobody knows is a 400. Empty: any.",
    )
    prioridad = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="Empty: any."
    )
    area = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Code or name. Empty: any."
    )
    tipo = serializers.ChoiceField(
        required=False, allow_blank=True, choices=Tipo.values, help_text="Empty: any."
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Label, subject, text… Empty: no search.",
    )
    page = serializers.IntegerField(
        required=False, min_value=1, max_value=10**6, help_text="1-based."
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200)


class _SlaMixin(serializers.Serializer):
    """SLA fields computed against one ``now`` per response (``context["now"]``), by the
    one rule (``tickets.sla.status``): business hours of the area's calendar until
    ``fechaLimiteSla``, and breached when the clock stopped (or now is) after it."""

    def _now(self):
        return self.context.setdefault("now", timezone.now())

    def _calendars(self):
        if "calendars" not in self.context:
            self.context["calendars"] = engine_calendars()
        return self.context["calendars"]

    def remaining(self, ticket) -> float:
        calendar = self._calendars().for_area(ticket.area)
        return hours_left(calendar, ticket, self._now())

    def breached(self, ticket) -> bool:
        return ticket.sla_breached(self._now())


class DashboardRowSerializer(_SlaMixin):
    id = serializers.UUIDField()
    label = serializers.CharField()
    tipo = serializers.CharField()
    categoria = serializers.CharField()
    asunto = serializers.CharField(source="subject")
    solicitanteNombre = serializers.CharField(source="requester_name")  # noqa: N815
    solicitanteEmail = serializers.CharField(source="requester_email")  # noqa: N815
    prioridad = serializers.CharField(source="priority.name")
    estado = serializers.ChoiceField(source="status", choices=Status.values)
    area = serializers.CharField(source="area.code")
    slaHoras = serializers.IntegerField(source="sla_hours")  # noqa: N815
    fechaLimiteSla = serializers.DateTimeField(source="sla_due_at")  # noqa: N815
    horasRestantes = serializers.SerializerMethodField()  # noqa: N815
    slaVencido = serializers.SerializerMethodField()  # noqa: N815
    agenteNombre = serializers.SerializerMethodField()  # noqa: N815
    creadoEn = serializers.DateTimeField(source="created_at")  # noqa: N815
    actualizadoEn = serializers.DateTimeField(source="updated_at")  # noqa: N815

    def get_horasRestantes(self, ticket) -> float:  # noqa: N802
        return self.remaining(ticket)

    def get_slaVencido(self, ticket) -> bool:  # noqa: N802
        return self.breached(ticket)

    def get_agenteNombre(self, ticket) -> str | None:  # noqa: N802
        return (ticket.assignee.full_name or ticket.assignee.email) if ticket.assignee else None

    def to_representation(self, ticket) -> dict:
        """The declared fields, written out: a list of 200 rows skips DRF's per-field walk
        (same output; ``tests/api/mesa/test_dashboard_scale.py`` pins it)."""
        tz = self.context.get("tz")
        if tz is None:
            tz = self.context["tz"] = timezone.get_current_timezone()

        def when(value):  # DRF's DateTimeField output: ISO 8601 in the current zone, "Z" for UTC
            text = value.astimezone(tz).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text

        remaining = self.remaining(ticket)
        assignee = ticket.assignee
        return {
            "id": str(ticket.id),
            "label": ticket.label,
            "tipo": ticket.tipo,
            "categoria": ticket.categoria,
            "asunto": ticket.subject,
            "solicitanteNombre": ticket.requester_name,
            "solicitanteEmail": ticket.requester_email,
            "prioridad": ticket.priority.name,
            "estado": ticket.status,
            "area": ticket.area.code,
            "slaHoras": ticket.sla_hours,
            "fechaLimiteSla": when(ticket.sla_due_at),
            "horasRestantes": remaining,
            "slaVencido": self.breached(ticket),
            "agenteNombre": (assignee.full_name or assignee.email) if assignee else None,
            "creadoEn": when(ticket.created_at),
            "actualizadoEn": when(ticket.updated_at),
        }


class AgentEntrySerializer(serializers.Serializer):
    """Documents ``history.agent_entry``."""

    id = serializers.UUIDField()
    fecha = serializers.DateTimeField()
    accion = serializers.CharField()
    nota = serializers.CharField()
    motivo = serializers.CharField()
    agente_nombre = serializers.CharField()
    agente_rol = serializers.CharField()
    agente_email = serializers.EmailField(allow_null=True)
    estado_anterior = serializers.CharField(allow_null=True)
    estado_nuevo = serializers.CharField(allow_null=True)
    prioridad_anterior = serializers.CharField(allow_null=True)
    prioridad_nueva = serializers.CharField(allow_null=True)
    area_anterior = serializers.CharField(allow_null=True)
    area_nueva = serializers.CharField(allow_null=True)
    publico = serializers.BooleanField()
    adjuntos = AdjuntoSerializer(many=True)


class TicketDetailSerializer(_SlaMixin):
    """The full record (snake_case, as the contract's detail). Its history is
    ``context["history"]`` (``tickets.selectors.api.mesa_history``)."""

    id = serializers.UUIDField()
    label = serializers.CharField()
    numero = serializers.IntegerField(source="number")
    tipo = serializers.CharField()
    solicitante_nombre = serializers.CharField(source="requester_name")
    solicitante_email = serializers.CharField(source="requester_email")
    telefono = serializers.CharField(source="requester_phone")
    tiene_whatsapp = serializers.BooleanField(source="requester_whatsapp")
    documento = serializers.CharField(source="requester_document")
    empresa_departamento = serializers.CharField(source="requester_company")
    asunto = serializers.CharField(source="subject")
    categoria = serializers.CharField()
    subcategoria = serializers.CharField()
    descripcion_problema = serializers.CharField(source="description")
    estado = serializers.CharField(source="status")
    prioridad = serializers.CharField(source="priority.name")
    area_asignada = serializers.CharField(source="area.code")
    agente_id = serializers.UUIDField(source="assignee_id", allow_null=True)
    agente_nombre = serializers.SerializerMethodField()
    creado_en = serializers.DateTimeField(source="created_at")
    actualizado_en = serializers.DateTimeField(source="updated_at")
    fecha_limite_sla = serializers.DateTimeField(source="sla_due_at")
    sla_horas = serializers.IntegerField(source="sla_hours")
    horas_restantes = serializers.SerializerMethodField()
    sla_vencido = serializers.SerializerMethodField()
    ip_registro = serializers.IPAddressField(source="registration_ip", allow_null=True)
    historial = serializers.SerializerMethodField()

    def get_agente_nombre(self, ticket) -> str | None:
        return (ticket.assignee.full_name or ticket.assignee.email) if ticket.assignee else None

    def get_horas_restantes(self, ticket) -> float:
        return self.remaining(ticket)

    def get_sla_vencido(self, ticket) -> bool:
        return self.breached(ticket)

    @extend_schema_field(AgentEntrySerializer(many=True))
    def get_historial(self, ticket) -> list[dict]:
        # Tags are the portal's (issue 18): the Mesa contract has no such entry.
        hidden = ActivityType.TAGS_UPDATED
        return [agent_entry(a) for a in self.context["history"] if a.type != hidden]
