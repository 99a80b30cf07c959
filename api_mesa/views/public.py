"""The requester's endpoints: ``POST /api/tickets/crear`` and ``POST /api/tickets/consultar``."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from api_mesa import schema
from api_mesa.schema import OPTIONAL_TOKEN
from api_mesa.serializers.history import absolute
from api_mesa.serializers.public import (
    ConsultarResponseSerializer,
    ConsultarSerializer,
    CrearResponseSerializer,
    CrearSerializer,
)
from api_mesa.throttles import CreateThrottle, LookupThrottle
from api_mesa.views.attachments import PARSERS, uploads_of
from api_mesa.views.base import PublicMesaView
from core.net import client_ip
from idempotency.keys import idempotent
from tickets import selectors, services
from tickets.access import Requester
from tickets.selectors.files import requester_link


class CrearView(PublicMesaView):
    wire_operation = "crear"  # its area is ``areaAsignada`` (api_mesa.fields)
    throttle_classes = [CreateThrottle]
    parser_classes = PARSERS

    @extend_schema(
        operation_id="mesa_tickets_crear",
        summary="Open a ticket (public; the client IP is recorded)",
        request={
            "application/json": CrearSerializer,
            "multipart/form-data": schema.multipart(CrearSerializer),
        },
        parameters=schema.IDEMPOTENCY_PARAMETERS,
        responses={
            200: CrearResponseSerializer,
            **schema.errors(*schema.WITH_BODY, 429, idempotent=True),
        },
        auth=OPTIONAL_TOKEN,
    )
    @idempotent
    def post(self, request):
        body = CrearSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        ticket = services.ticket_create(
            actor=request.user if request.user.is_authenticated else None,
            requester_name=data["nombre"],
            requester_email=data["email"],
            tipo=data["tipo"],
            categoria=data["categoria"],
            description=data["descripcion"],
            priority=data["prioridad"],
            requester_document=data.get("documento", ""),
            requester_phone=data.get("telefono", ""),
            requester_whatsapp=data["tieneWhatsapp"],
            requester_company=data.get("empresaDepartamento", ""),
            subcategoria=data.get("subcategoria", ""),
            subject=data.get("asunto", ""),
            area=data.get("areaAsignada") or None,
            ip=client_ip(request),
            uploads=uploads_of(request),
        )
        return Response(CrearResponseSerializer(ticket).data)


class ConsultarView(PublicMesaView):
    throttle_classes = [LookupThrottle]

    @extend_schema(
        operation_id="mesa_tickets_consultar",
        summary="Look up a ticket by label and the requester's e-mail (public history only)",
        request=ConsultarSerializer,
        responses={
            200: ConsultarResponseSerializer,
            **schema.errors(*schema.WITH_BODY, 429),
            404: OpenApiResponse(
                schema.ErrorSerializer, description="Unknown label or wrong e-mail: same answer."
            ),
        },
        auth=OPTIONAL_TOKEN,
    )
    def post(self, request):
        body = ConsultarSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ticket = selectors.ticket_lookup_public(
            label=body.validated_data["label"], email=body.validated_data["email"]
        )
        history = list(selectors.activity_list(ticket=ticket, public_only=True))
        grant = Requester(body.validated_data["email"], ticket_id=ticket.pk)
        context = {"history": history, "link": absolute(requester_link(grant))}
        return Response(ConsultarResponseSerializer(ticket, context=context).data)
