"""OpenAPI for the Spacebring face (drf-spectacular): security schemes, parameters and
response bodies, as precise as the contract.

``BasicAuth`` and ``OAuth2`` (authorization-code flow with refresh) are named as in the
contract, so generated clients match Spacebring's. The ``ticket``, ``ticketActivity`` and
``responseError`` components are the contract's own schemas, read from the repository's
copy (``docs/contracts/spacebring-support.openapi.yaml``, shipped in the wheel): what
``/api/schema/`` serves is what the contract says, property by property, and what every body
is tested against.
"""

import copy
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from api_spacebring.serializers import ActivitySerializer, TicketSerializer
from idempotency import keys as idempotency

TAG = "Support"
EXTENSION = {"x-extension": True}
CONTRACT = "spacebring-support.openapi.yaml"


def contract_path() -> Path:
    """``docs/contracts/`` of a checkout, or its copy inside the installed project package
    (the wheel ships it as ``helpdesk/contracts/``, beside this app under ``BASE_DIR``)."""
    installed = Path(settings.BASE_DIR) / "helpdesk" / "contracts" / CONTRACT
    return installed if installed.is_file() else settings.BASE_DIR / "docs/contracts" / CONTRACT


@cache
def _contract_schemas() -> dict:
    with contract_path().open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["components"]["schemas"]


def contract_schema(name: str) -> dict:
    return copy.deepcopy(_contract_schemas()[name])


class ApiClientBasicScheme(OpenApiAuthenticationExtension):
    target_class = "api_spacebring.authentication.ApiClientBasicAuthentication"
    name = "BasicAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "basic",
            "description": "An API client's id and secret, issued in the Django admin.",
        }


class BearerNetworkScheme(OpenApiAuthenticationExtension):
    target_class = "api_spacebring.authentication.BearerNetworkAuthentication"
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


class ErrorSerializer(serializers.Serializer):
    """``{"message", "type"}``: documents ``errors.error_body``."""

    message = serializers.CharField()
    type = serializers.CharField()


class _ContractComponent(OpenApiSerializerExtension):
    component: str

    def get_name(self, auto_schema, direction):
        return self.component

    def map_serializer(self, auto_schema, direction):
        return contract_schema(self.component)


class StrictComponent(OpenApiSerializerExtension):
    """A body that refuses keys it does not know (``inputs.StrictSerializer``: 400
    ``Unknown field.``) says so: ``additionalProperties: false``."""

    target_class = "api_spacebring.inputs.StrictSerializer"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        # A rule over several fields the serializer checks itself (``NewComment``).
        rule = getattr(self.target, "schema_rule", {}) if direction == "request" else {}
        return {**schema, **rule, "additionalProperties": False}


class TicketComponent(_ContractComponent):
    target_class = TicketSerializer
    component = "ticket"


class ActivityComponent(_ContractComponent):
    target_class = ActivitySerializer
    component = "ticketActivity"


class ErrorComponent(_ContractComponent):
    target_class = ErrorSerializer
    component = "responseError"


NETWORK_PARAMETER = OpenApiParameter(
    "spacebring-network-id",
    type=OpenApiTypes.UUID,
    location=OpenApiParameter.HEADER,
    required=False,
    description="The id of the network. Required when using bearer token authentication.",
)
ID_PARAMETER = OpenApiParameter(
    "id",
    type=OpenApiTypes.UUID,
    location=OpenApiParameter.PATH,
    required=True,
    description="The id of the ticket.",
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

ERROR_DESCRIPTIONS = {
    400: "Bad Request: invalid body, query or JSON (the message names the field), a "
    "reference the server does not know or the caller may not use (locationRef, "
    "userRefRequester, membershipRefAssignee, an attachment key); "
    "a bearer token without spacebring-network-id, or one that is empty or not a UUID",
    401: "No, bad, expired or revoked credentials (see WWW-Authenticate)",
    403: "Missing scope, role or area forbids it, or a network the caller is not in",
    404: "Unknown ticket, or a ticket of another network",
    405: "Method not allowed on this path",
    406: "The Accept header excludes application/json",
    409: "The state machine refuses the change (closed tickets take no more writes)",
    413: "Body larger than the server accepts",
    415: "Body not application/json",
    429: "Too many requests; see Retry-After",
    503: "Database unavailable; see Retry-After",
}

# Every operation of this face answers these, whatever it does.
COMMON = (401, 405, 406, 429, 503)
WITH_BODY = (400, 413, 415)


# ``Idempotency-Key`` on the creating operations (``idempotency.keys``).
IDEMPOTENCY_PARAMETERS = idempotency.schema_parameters(reused="a 409 conflict", success=201)
REUSED_KEY = "an Idempotency-Key reused with another request"


def errors(*codes: int, idempotent: bool = False) -> dict:
    """The error responses of an operation; ``idempotent``: it takes ``Idempotency-Key``
    (a reused key is a 409, a malformed one a 400)."""
    wanted = sorted(set(codes) | set(COMMON) | ({400, 409} if idempotent else set()))
    described = dict(ERROR_DESCRIPTIONS)
    if idempotent:
        described[400] += "; a malformed Idempotency-Key"
        conflict = "the ticket is cancelled or archived; " if 409 in codes else ""
        described[409] = f"Conflict: {conflict}{REUSED_KEY}"
    return {code: OpenApiResponse(ErrorSerializer, description=described[code]) for code in wanted}


def contract_components(result, generator, request, public):
    """Postprocessing hook, after drf-spectacular's enum hook: the contract's components stay
    exactly as the contract writes them (inline enums, not ``$ref`` to enum components), and
    enum components nothing refers to any more are dropped."""
    schemas = result.get("components", {}).get("schemas", {})
    for component in ("ticket", "ticketActivity", "responseError"):
        if component in schemas:
            schemas[component] = contract_schema(component)
    used = set(_refs(result))
    for name in [n for n in schemas if n.endswith("Enum")]:
        if f"#/components/schemas/{name}" not in used:
            del schemas[name]
    return result


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)
