"""Bodies of ``POST /api/tickets/{id}/<operation>``. Names, lengths: mesa-api.md."""

from rest_framework import serializers

from tickets.lookups import resolve_agent

MAX_TEXT = 5000


def _motivo():
    return serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)


class _AgentField(serializers.CharField):
    """An active agent by id (UUID) or e-mail; unknown → 400 on this field."""

    def to_internal_value(self, data):
        return resolve_agent(super().to_internal_value(data), field=self.field_name)


class MotivoSerializer(serializers.Serializer):
    """pausar, reabrir, cancelar, archivar."""

    motivo = _motivo()


class AsignarSerializer(serializers.Serializer):
    agenteId = _AgentField(max_length=254)  # noqa: N815
    motivo = _motivo()


class TransferirSerializer(serializers.Serializer):
    area = serializers.CharField(min_length=2, max_length=100)
    agenteId = _AgentField(max_length=254, required=False, allow_null=True)  # noqa: N815
    motivo = _motivo()


class ReclasificarSerializer(serializers.Serializer):
    nuevaPrioridad = serializers.CharField(max_length=20)  # noqa: N815
    nuevaCategoria = serializers.CharField(  # noqa: N815
        required=False, allow_blank=True, max_length=100
    )
    motivo = _motivo()


class ActualizarSerializer(serializers.Serializer):
    estado = serializers.CharField(min_length=3, max_length=50)
    prioridad = serializers.CharField(min_length=3, max_length=50)
    area = serializers.CharField(min_length=2, max_length=100)
    respuesta = serializers.CharField(min_length=5, max_length=MAX_TEXT)


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()
