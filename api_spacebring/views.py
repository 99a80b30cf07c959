"""The Spacebring-compatible Support API (``/support/tickets/v1``). Thin: parse, ask
``tickets.access`` / ``tickets.selectors``, call ``tickets.services``, render.

Every ticket is looked up inside the caller's network (``request.auth.network``), so a
ticket of another network answers 404. Internal notes (``comment`` activities with
``public=False``) are listed: only agents can read tickets here, and they see notes.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Location, Membership, User
from api_spacebring import inputs, schema
from api_spacebring.authentication import (
    ApiClientBasicAuthentication,
    BearerNetworkAuthentication,
    authenticate_header,
)
from api_spacebring.errors import exception_handler
from api_spacebring.pagination import paginate
from api_spacebring.permissions import HasSupportScope
from api_spacebring.serializers import (
    ActivitySerializer,
    TicketSerializer,
    activities_data,
    memberships_for,
)
from api_spacebring.status import already_shows, setting_activity, written_activity
from core.parsers import SafeJSONParser
from core.ratelimit import CacheRateThrottle
from idempotency.keys import idempotent
from tickets import selectors, services
from tickets.access import Action, ensure_can, ticket_for, visible_tickets
from tickets.errors import ValidationFailed
from tickets.models import Ticket
from tickets.selectors import api as api_reads
from tickets.workflow import SPACEBRING_WRITE, internal_statuses_for

LANGUAGE = "en"


class SupportRateThrottle(CacheRateThrottle):
    """Per API client (or OAuth user); counters live in the shared cache."""

    scope = "spacebring"

    def get_rate(self):
        return getattr(settings, "SPACEBRING_API_RATE", "1200/min")

    def get_cache_key(self, request, view):
        caller = request.auth
        ident = caller.client.pk if getattr(caller, "client", None) else request.user.pk
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SpacebringView(APIView):
    """Base of every view of this face: its auth, scopes and its own error shape."""

    authentication_classes = [ApiClientBasicAuthentication, BearerNetworkAuthentication]
    permission_classes = [HasSupportScope]
    throttle_classes = [SupportRateThrottle]
    parser_classes = [SafeJSONParser]
    renderer_classes = [JSONRenderer]

    def dispatch(self, request, *args, **kwargs):
        # One language per face: this one is English (the contract's), whatever
        # Accept-Language says.
        with translation.override(LANGUAGE):
            response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = LANGUAGE
        return response

    def get_exception_handler(self):
        return exception_handler

    def get_authenticate_header(self, request):
        return authenticate_header(request)

    def context(self) -> dict:
        """What every serialiser of this face needs: the caller (contact visibility)."""
        return {"viewer": self.request.user}

    def ticket_data(self, ticket: Ticket) -> dict:
        return TicketSerializer(ticket, context=self.context()).data

    def history(self, ticket: Ticket) -> list[dict]:
        """The ticket's activities this face shows, oldest first."""
        return activities_data(api_reads.spacebring_history(ticket), viewer=self.request.user)

    def network_tickets(self, *, one: bool = False):
        """The caller's network's tickets, with everything a ticket object shows (and only
        that: ``tickets.selectors.api``).

        Not narrowed to what the user may see: ``ticket_for`` answers 403 (with the
        reason) for a ticket of another area, and 404 only outside the network. For ``one``
        ticket the memberships are joined (``selectors.share_membership_users`` gives them
        the ticket's users); lists prefetch them (joining them into a list query costs more
        planning than two small queries).
        """
        qs = Ticket.objects.filter(location__network=self.request.auth.network)
        return api_reads.spacebring_one(qs) if one else api_reads.spacebring_list(qs)

    def visible_tickets(self):
        return visible_tickets(self.request.user, self.network_tickets())

    def ticket_for(self, ticket_id, action: Action) -> Ticket:
        network_id = self.request.auth.network.pk

        def fetch(pk):  # ``network_tickets(one=True)``'s row, precompiled
            return api_reads.spacebring_ticket(network_id=network_id, pk=pk)

        ticket = ticket_for(self.request.user, id=ticket_id, action=action, fetch=fetch)
        return selectors.share_membership_users(ticket)

    def reload(self, ticket: Ticket) -> dict:
        """The ticket object after a write, read back with its joins."""
        fresh = self.network_tickets(one=True).get(pk=ticket.pk)
        return self.ticket_data(selectors.share_membership_users(fresh))

    def activity_data(self, activity) -> dict:
        fresh = selectors.activity_list(ticket=activity.ticket).get(pk=activity.pk)
        context = {**self.context(), "memberships": memberships_for([fresh])}
        return ActivitySerializer(fresh, context=context).data


def parse(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class TicketsView(SpacebringView):
    service_fields = {"attachments": "ticket.attachments"}

    @extend_schema(
        operation_id="getSupportTickets",
        tags=[schema.TAG],
        summary="List tickets",
        description="Newest first; keyset pagination with pageToken. Required scopes: "
        "support or support.readonly.",
        parameters=[inputs.TicketListQuery, schema.NETWORK_PARAMETER],
        responses={200: schema.TICKET_LIST, **schema.errors(400, 403)},
    )
    def get(self, request):
        ensure_can(request.user, Action.VIEW)  # requesters may not list tickets
        query = parse(inputs.TicketListQuery, request.query_params)
        qs = self.visible_tickets()
        filters = {
            "location_id": query.get("locationRef"),
            "type": query.get("type"),
            "assignee_membership_id": query.get("membershipRefAssignee"),
            "requester_membership_id": query.get("membershipRefRequester"),
            "created_at__gte": query.get("createDateFrom"),
            "created_at__lte": query.get("createDateTo"),
        }
        qs = qs.filter(**{k: v for k, v in filters.items() if v is not None})
        if query.get("status"):
            qs = qs.filter(status__in=internal_statuses_for(query["status"]))
        rows, next_token = paginate(qs, limit=query["limit"], token=query.get("pageToken"))
        body = {"tickets": TicketSerializer(rows, many=True, context=self.context()).data}
        if next_token:
            body["nextPageToken"] = next_token
        return Response(body)

    @extend_schema(
        operation_id="createSupportTicket",
        tags=[schema.TAG],
        summary="Create a ticket",
        description="Required scopes: support.",
        request=inputs.CreateTicketBody,
        parameters=[
            schema.NETWORK_PARAMETER,
            *schema.IDEMPOTENCY_PARAMETERS,
        ],
        responses={
            201: schema.TICKET_WITH_ACTIVITIES,
            **schema.errors(*schema.WITH_BODY, 403, idempotent=True),
        },
    )
    @idempotent
    def post(self, request):
        data = parse(inputs.CreateTicketBody, request.data)["ticket"]
        network = request.auth.network
        location = Location.objects.filter(pk=data["locationRef"], network=network).first()
        if location is None:
            raise ValidationFailed.for_field("ticket.locationRef", _("Unknown location."))
        requester = request.user
        wanted = data.get("userRefRequester")
        if wanted is not None and wanted != request.user.pk:
            # Asked before the lookup, so a requester cannot probe which users exist
            # (the service enforces it again).
            ensure_can(request.user, Action.CREATE_FOR_OTHER)
            requester = User.objects.filter(
                pk=wanted, is_active=True, memberships__location__network=network
            ).first()
            if requester is None:
                raise ValidationFailed.for_field("ticket.userRefRequester", _("Unknown user."))
        ticket = services.ticket_create(
            actor=request.user,
            description=data["text"],
            location=location,
            type=data.get("type", "other"),
            requester=requester,  # priority: HELPDESK_DEFAULT_PRIORITY (Spacebring has none)
            attachment_keys=[a["key"] for a in data.get("attachments", [])],
        )
        body = {"ticket": self.reload(ticket), "activities": self.history(ticket)}
        return Response(body, status=status.HTTP_201_CREATED)


class TicketDetailView(SpacebringView):
    @extend_schema(
        operation_id="getSupportTicket",
        tags=[schema.TAG],
        summary="Get a ticket with its activities",
        description="Activities oldest first. Required scopes: support or support.readonly.",
        parameters=[schema.ID_PARAMETER, schema.NETWORK_PARAMETER],
        responses={200: schema.TICKET_WITH_ACTIVITIES, **schema.errors(400, 403, 404)},
    )
    def get(self, request, id):  # noqa: A002 - the contract's name
        ticket = self.ticket_for(id, Action.VIEW)
        return Response({"ticket": self.ticket_data(ticket), "activities": self.history(ticket)})


class TicketStatusView(SpacebringView):
    @extend_schema(
        operation_id="updateSupportTicketStatus",
        tags=[schema.TAG],
        summary="Update a ticket's status",
        description="Required scopes: support. Asking for the status the ticket already "
        "shows is a no-op: 200 with the ticket, nothing written, no e-mail; `activity` is the "
        "latest activity that set that status (`ticketCreated` when none did). Writes to a "
        "cancelled or archived ticket (shown as `closed`) are 409.",
        request=inputs.StatusBody,
        parameters=[schema.ID_PARAMETER, schema.NETWORK_PARAMETER],
        responses={
            200: schema.ACTIVITY_AND_TICKET,
            **schema.errors(*schema.WITH_BODY, 403, 404, 409),
        },
    )
    def put(self, request, id):  # noqa: A002 - the contract's name
        ticket = self.ticket_for(id, Action.UPDATE)
        wanted = parse(inputs.StatusBody, request.data)["ticket"]["status"]
        if already_shows(ticket, wanted):
            # Idempotent: nothing written, no e-mail; ``activity`` is the one that set it.
            return Response(
                {
                    "activity": setting_activity(self.history(ticket), wanted),
                    "ticket": self.ticket_data(ticket),
                }
            )
        activity = services.ticket_change_status(
            actor=request.user, ticket=ticket, status=SPACEBRING_WRITE[wanted]
        )
        return Response(
            {
                "activity": written_activity(self.activity_data(activity), wanted),
                "ticket": self.reload(ticket),
            }
        )


class TicketAssigneeView(SpacebringView):
    @extend_schema(
        operation_id="updateSupportTicketAssignee",
        tags=[schema.TAG],
        summary="Assign a ticket (extension)",
        description="Our extension, not part of Spacebring's API. membershipRefAssignee "
        "null unassigns. Required scopes: support.",
        request=inputs.AssigneeBody,
        parameters=[schema.ID_PARAMETER, schema.NETWORK_PARAMETER],
        responses={
            200: schema.ACTIVITY_AND_TICKET,
            **schema.errors(*schema.WITH_BODY, 403, 404, 409),
        },
        extensions=schema.EXTENSION,
    )
    def put(self, request, id):  # noqa: A002 - the contract's name
        ticket = self.ticket_for(id, Action.ASSIGN)
        ref = parse(inputs.AssigneeBody, request.data)["ticket"]["membershipRefAssignee"]
        assignee = None
        if ref is not None:
            membership = (
                Membership.objects.select_related("user")
                .filter(pk=ref, location__network=request.auth.network)
                .first()
            )
            if membership is None:
                raise ValidationFailed.for_field(
                    "ticket.membershipRefAssignee", _("Unknown membership.")
                )
            assignee = membership.user
        activity = services.ticket_assign(actor=request.user, ticket=ticket, assignee=assignee)
        return Response({"activity": self.activity_data(activity), "ticket": self.reload(ticket)})


class TicketCommentsView(SpacebringView):
    @extend_schema(
        operation_id="createSupportTicketComment",
        tags=[schema.TAG],
        summary="Comment on a ticket (extension)",
        description="Our extension, not part of Spacebring's API: a public comment the "
        "requester reads. Required scopes: support. A cancelled or archived ticket takes "
        "no comments (409).",
        request=inputs.CommentBody,
        parameters=[
            schema.ID_PARAMETER,
            schema.NETWORK_PARAMETER,
            *schema.IDEMPOTENCY_PARAMETERS,
        ],
        responses={
            201: schema.ACTIVITY_AND_TICKET,
            **schema.errors(*schema.WITH_BODY, 403, 404, 409, idempotent=True),
        },
        extensions=schema.EXTENSION,
    )
    @idempotent
    def post(self, request, id):  # noqa: A002 - the contract's name
        ticket = self.ticket_for(id, Action.COMMENT)
        comment = parse(inputs.CommentBody, request.data)["comment"]
        activity = services.ticket_comment(
            actor=request.user,
            ticket=ticket,
            text=comment.get("text", ""),
            attachment_keys=[a["key"] for a in comment.get("attachments", [])],
        )
        body = {"activity": self.activity_data(activity), "ticket": self.reload(ticket)}
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(exclude=True)
class UnknownRouteView(SpacebringView):
    """Any other URL under ``/support/``: 404 in this face's shape, whatever the method."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound(_("Unknown URL."))
