"""OpenAPI for the Spacebring face (drf-spectacular): security schemes and response bodies.

``BasicAuth`` and ``OAuth2`` (authorization-code flow with refresh) are named as in the
contract, so generated clients match Spacebring's.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from tickets.api.spacebring.serializers import ActivitySerializer, TicketSerializer

TAG = "Support"
EXTENSION = {"x-extension": True}


class ApiClientBasicScheme(OpenApiAuthenticationExtension):
    target_class = "tickets.api.spacebring.authentication.ApiClientBasicAuthentication"
    name = "BasicAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "basic",
            "description": "An API client's id and secret, issued in the Django admin.",
        }


class BearerNetworkScheme(OpenApiAuthenticationExtension):
    target_class = "tickets.api.spacebring.authentication.BearerNetworkAuthentication"
    name = "OAuth2"
    priority = 1

    def get_security_requirement(self, auto_schema):
        read = auto_schema.method in ("GET", "HEAD")
        return {self.name: ["support.readonly"] if read else ["support"]}

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": "Authorization code with refresh; send spacebring-network-id too.",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": "/oauth2/authorize",
                    "tokenUrl": "/oauth2/token",
                    "refreshUrl": "/oauth2/token",
                    "scopes": {
                        "support": "Read and write support tickets",
                        "support.readonly": "Read support tickets",
                    },
                }
            },
        }


NETWORK_PARAMETER = OpenApiParameter(
    "spacebring-network-id",
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="The id of the network. Required when using bearer token authentication.",
)

ERROR = inline_serializer(
    "SupportResponseError",
    {"message": serializers.CharField(), "type": serializers.CharField()},
)
TICKET_LIST = inline_serializer(
    "SupportTicketList",
    {
        "tickets": TicketSerializer(many=True),
        "nextPageToken": serializers.CharField(allow_null=True, required=False),
    },
)
TICKET_WITH_ACTIVITIES = inline_serializer(
    "SupportTicketWithActivities",
    {"ticket": TicketSerializer(), "activities": ActivitySerializer(many=True)},
)
ACTIVITY_AND_TICKET = inline_serializer(
    "SupportActivityAndTicket",
    {"activity": ActivitySerializer(), "ticket": TicketSerializer()},
)


def errors(*codes: int) -> dict:
    return {code: OpenApiResponse(ERROR, description="Error") for code in codes}
