"""The agents' reads: ``GET /api/tickets/dashboard`` and ``GET /api/tickets/{id}``."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from api_mesa import schema
from api_mesa.filters import filter_dashboard, paginate
from api_mesa.serializers.agent import (
    DashboardQuerySerializer,
    DashboardRowSerializer,
    TicketDetailSerializer,
)
from api_mesa.views.base import MesaView
from tickets import selectors
from tickets.access import Action, ticket_for
from tickets.selectors import api as api_reads


class DashboardView(MesaView):
    @extend_schema(
        operation_id="mesa_tickets_dashboard",
        summary="The agent's tickets (ADMIN/MESA all, AREA own area), newest first",
        description=(
            "Always a plain JSON list (as the original back end). Without `page`/`limit` it "
            "holds the newest 200 rows; `page` (1-based) and `limit` (≤ 200) page through. "
            "Headers `X-Total-Count`, `X-Page`, `X-Limit`, `X-Total-Pages` tell the totals."
        ),
        parameters=[DashboardQuerySerializer, *schema.PAGE_HEADERS],
        responses={
            200: OpenApiResponse(DashboardRowSerializer(many=True)),
            **schema.errors(400, 401, 403),
        },
    )
    def get(self, request):
        params = DashboardQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        visible = api_reads.mesa_rows(selectors.visible_tickets(request.user))
        qs = filter_dashboard(visible, params.validated_data)
        page = paginate(qs, params.validated_data, user=request.user)
        rows = DashboardRowSerializer(page.rows, many=True, context={"now": timezone.now()})
        return Response(rows.data, headers=page.headers())


class TicketDetailView(MesaView):
    @extend_schema(
        operation_id="mesa_tickets_detail",
        summary="A ticket with its full history (internal notes included)",
        responses={200: TicketDetailSerializer, **schema.errors(401, 403, 404)},
    )
    def get(self, request, ticket_id: str):
        ticket = ticket_for(
            request.user, id=ticket_id, action=Action.VIEW, fetch=api_reads.mesa_ticket
        )
        context = {"now": timezone.now(), "history": api_reads.mesa_history(ticket)}
        return Response(TicketDetailSerializer(ticket, context=context).data)
