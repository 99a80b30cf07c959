"""Bodies of ``POST /api/tickets/{id}/<operation>``. Names, lengths: mesa-api.md."""

from rest_framework import serializers

from core import api_fields as fields
from tickets.selectors.lookups import resolve_agent
from tickets.services import PUBLIC_RESPONSE_MIN

MAX_TEXT = 5000


def _motivo():
    return fields.TextField(required=False, allow_blank=True, max_length=MAX_TEXT)


class _AgentMixin:
    """``agenteId``: an active agent by id (UUID) or e-mail; unknown → 400 on this field."""

    def validate_agenteId(self, value):  # noqa: N802
        return resolve_agent(value, field="agenteId") if value else None


class MotivoSerializer(serializers.Serializer):
    """pausar, reabrir, cancelar, archivar."""

    motivo = _motivo()


class AsignarSerializer(_AgentMixin, serializers.Serializer):
    agenteId = fields.TextField(max_length=254)  # noqa: N815
    motivo = _motivo()


class TransferirSerializer(_AgentMixin, serializers.Serializer):
    area = fields.TextField(min_length=2, max_length=100)
    agenteId = fields.TextField(max_length=254, required=False, allow_null=True)  # noqa: N815
    motivo = _motivo()


class ReclasificarSerializer(serializers.Serializer):
    nuevaPrioridad = fields.TextField(max_length=20)  # noqa: N815
    nuevaCategoria = fields.TextField(  # noqa: N815
        required=False, allow_blank=True, max_length=100
    )
    motivo = _motivo()


class ActualizarSerializer(serializers.Serializer):
    estado = fields.TextField(min_length=3, max_length=50)
    prioridad = fields.TextField(min_length=3, max_length=50)
    area = fields.TextField(min_length=2, max_length=100)
    # The service holds the rule (every way in); checked here too so this face answers in
    # its contract's shape alongside the other fields' errors.
    respuesta = fields.TextField(min_length=PUBLIC_RESPONSE_MIN, max_length=MAX_TEXT)


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()
