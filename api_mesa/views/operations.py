"""``POST /api/tickets/{id}/<operation>``: one class per operation, each one service call.

Order of checks: token (401), role (403), ticket and area (404/403 by ``ticket_for``),
body (400), then the service (which re-checks under the row lock; 409 on a forbidden
transition). The actor is always ``request.user``.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from api_mesa import messages, schema
from api_mesa.serializers import operations as bodies
from api_mesa.serializers.operations import MessageSerializer
from api_mesa.views.attachments import PARSERS, uploads_of
from api_mesa.views.base import MesaView
from tickets import services
from tickets.access import Action, ensure_can, ticket_for


class OperationView(MesaView):
    action: Action
    body_class = bodies.MotivoSerializer
    success: str

    def post(self, request, ticket_id: str):
        ensure_can(request.user, self.action)  # the role first: 403 before any lookup (404)
        ticket = ticket_for(request.user, id=ticket_id, action=self.action)
        body = self.body_class(data=request.data)
        body.is_valid(raise_exception=True)
        self.perform(ticket, body.validated_data)
        return Response({"message": self.success})

    def perform(self, ticket, data: dict) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def _document(name: str, summary: str, body):
    return extend_schema(
        operation_id=f"mesa_tickets_{name}",
        summary=summary,
        request=body,
        responses={
            200: MessageSerializer,
            **schema.errors(*schema.WITH_BODY, 401, 403, 404, 409),
        },
    )


class AsignarView(OperationView):
    action = Action.ASSIGN
    body_class = bodies.AsignarSerializer
    success = messages.ASSIGNED

    @_document("asignar", "Assign to an agent (ADMIN, MESA) → ASIGNADO", bodies.AsignarSerializer)
    def post(self, request, ticket_id: str):
        return super().post(request, ticket_id)

    def perform(self, ticket, data):
        services.ticket_assign(
            actor=self.request.user,
            ticket=ticket,
            assignee=data["agenteId"],
            reason=data.get("motivo", ""),
        )


class TransferirView(OperationView):
    action = Action.TRANSFER
    body_class = bodies.TransferirSerializer
    success = messages.TRANSFERRED

    @_document(
        "transferir",
        "Transfer to another area (ADMIN, MESA) → TRANSFERIDO",
        bodies.TransferirSerializer,
    )
    def post(self, request, ticket_id: str):
        return super().post(request, ticket_id)

    def perform(self, ticket, data):
        services.ticket_transfer(
            actor=self.request.user,
            ticket=ticket,
            area=data["area"],
            assignee=data.get("agenteId"),
            reason=data.get("motivo", ""),
        )


class ReclasificarView(OperationView):
    action = Action.RECLASSIFY
    wire_operation = "reclasificar"  # its priority is ``nuevaPrioridad`` (api_mesa.fields)
    body_class = bodies.ReclasificarSerializer
    success = messages.RECLASSIFIED

    @_document(
        "reclasificar",
        "Change priority and category (ADMIN, MESA) → RECLASIFICADO",
        bodies.ReclasificarSerializer,
    )
    def post(self, request, ticket_id: str):
        return super().post(request, ticket_id)

    def perform(self, ticket, data):
        services.ticket_reclassify(
            actor=self.request.user,
            ticket=ticket,
            priority=data["nuevaPrioridad"],
            categoria=data.get("nuevaCategoria", ""),
            reason=data.get("motivo", ""),
        )


class ActualizarView(OperationView):
    action = Action.UPDATE
    body_class = bodies.ActualizarSerializer
    success = messages.UPDATED
    parser_classes = PARSERS

    @_document(
        "actualizar",
        "Status, priority, area and a response the requester reads (ADMIN, MESA, AREA own); "
        "JSON, or multipart/form-data with files under `adjuntos`",
        {
            "application/json": bodies.ActualizarSerializer,
            "multipart/form-data": schema.multipart(bodies.ActualizarSerializer),
        },  # fmt: skip
    )
    def post(self, request, ticket_id: str):
        return super().post(request, ticket_id)

    def perform(self, ticket, data):
        services.ticket_update(
            actor=self.request.user,
            ticket=ticket,
            status=data["estado"],
            priority=data["prioridad"],
            area=data["area"],
            response=data["respuesta"],
            uploads=uploads_of(self.request),
        )


class _MotivoOperation(OperationView):
    service = None  # one of services.ticket_pause / _reopen / _cancel / _archive

    def perform(self, ticket, data):
        type(self).service(actor=self.request.user, ticket=ticket, reason=data.get("motivo", ""))


class PausarView(_MotivoOperation):
    action = Action.PAUSE
    service = services.ticket_pause
    success = messages.PAUSED

    @_document("pausar", "Pause (ADMIN, MESA, AREA own) → PAUSADO", bodies.MotivoSerializer)
    def post(self, request, ticket_id: str):
        return super().post(request, ticket_id)


class ReabrirView(_MotivoOperation):
    action = Action.REOPEN
    service = services.ticket_reopen
    success = messages.REOPENED

    @_document(
        "reabrir",
        "Reopen a paused/solved/closed ticket (ADMIN, MESA) → EN_PROCESO",
        bodies.MotivoSerializer,
    )
    def post(self, request, ticket_id: str):
        return super().post(request, ticket_id)


class CancelarView(_MotivoOperation):
    action = Action.CANCEL
    service = services.ticket_cancel
    success = messages.CANCELLED

    @_document(
        "cancelar", "Cancel (ADMIN, MESA, AREA own) → CANCELADO, terminal", bodies.MotivoSerializer
    )
    def post(self, request, ticket_id: str):
        return super().post(request, ticket_id)


class ArchivarView(_MotivoOperation):
    action = Action.ARCHIVE
    service = services.ticket_archive
    success = messages.ARCHIVED

    @_document(
        "archivar", "Archive (ADMIN, MESA, AREA own) → ARCHIVADO, terminal", bodies.MotivoSerializer
    )
    def post(self, request, ticket_id: str):
        return super().post(request, ticket_id)
