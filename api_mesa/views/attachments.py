"""``GET /api/tickets/adjuntos/{key}`` (ours): an attachment for an agent with a JWT who may
view its ticket (``ticket_for(VIEW)``: another area's → 403); internal files for
agents only. Requesters download from the signed links ``consultar`` lists."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import MultiPartParser

from api_mesa import schema
from api_mesa.views.base import MesaView
from core.parsers import SafeJSONParser
from tickets import selectors
from tickets.selectors.files import attachment_response

# crear and actualizar take JSON or multipart/form-data (files under ``adjuntos``).
PARSERS = [SafeJSONParser, MultiPartParser]
FILES_FIELD = "adjuntos"


def uploads_of(request) -> list:
    return request.FILES.getlist(FILES_FIELD) if request.FILES else []


class AdjuntoView(MesaView):
    def perform_content_negotiation(self, request, force=False):
        # A download answers whatever the client accepts; errors are still JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="mesa_tickets_adjunto",
        summary="Download an attachment (ADMIN, MESA, AREA own area)",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The file."),
            **{
                code: OpenApiResponse(
                    schema.ErrorSerializer, description=schema.ERROR_DESCRIPTIONS[code]
                )
                for code in (401, 403, 404, 405, 503)  # any Accept is served: no 406
            },
        },
    )
    def get(self, request, key: str):
        row = selectors.attachment_for(request.user, key)
        return attachment_response(row)
