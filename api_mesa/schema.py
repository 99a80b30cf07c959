"""OpenAPI (drf-spectacular) pieces of the Mesa de Ayuda face: its tag, bearer JWT scheme,
error bodies (every status code an operation answers) and the dashboard's page headers."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from idempotency import keys as idempotency

TAG = "Mesa de Ayuda"
SCHEME = "mesaJWT"
# Security of the public endpoints: no token, or a token that then names the actor.
OPTIONAL_TOKEN = [{SCHEME: []}, {}]


class MesaAutoSchema(AutoSchema):
    """Every Mesa operation is listed under one tag, whatever its path."""

    def get_tags(self) -> list[str]:
        return [TAG]


class MesaJWTScheme(OpenApiAuthenticationExtension):
    target_class = "api_mesa.authentication.MesaJWTAuthentication"
    name = SCHEME
    match_subclasses = True
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": (
                "Token from `POST /api/auth/login`; claims id, nombre, email, rol, area; 8 h."
            ),
        }


class ErrorSerializer(serializers.Serializer):
    """Every error of this face: ``{"message"}``."""

    message = serializers.CharField()


class ValidationErrorSerializer(ErrorSerializer):
    """A 400: ``{"message": "Datos inválidos", "errors": {"campo": ["…"]}}``; malformed JSON
    carries only ``message``."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Each offending field (dotted when nested, `general` for the body) and "
        "its messages.",
    )


ERROR_DESCRIPTIONS = {
    400: "Datos inválidos (field errors in `errors`: a missing or too short field, or a "
    "status, priority, area or agent the server does not know) or malformed JSON",
    401: "No token, or a bad, expired or tampered one, or a blocked user",
    403: "The role may not do this, or the ticket belongs to another area",
    404: "Unknown ticket (or label and e-mail)",
    405: "Método no permitido",
    406: "The Accept header excludes application/json",
    409: "The state machine refuses the transition (message names both statuses)",
    413: "Body larger than the server accepts",
    415: "Body not application/json",
    429: "Too many requests; see Retry-After",
    503: "Database unavailable; see Retry-After",
}
COMMON = (405, 406, 503)  # every operation
WITH_BODY = (400, 413, 415)  # every operation that reads a JSON body


# ``Idempotency-Key`` on ``crear`` (``idempotency.keys``).
IDEMPOTENCY_PARAMETERS = idempotency.schema_parameters(reused="a 400", success=200)


def errors(*codes: int, idempotent: bool = False) -> dict:
    """The error responses of an operation; ``idempotent``: it takes ``Idempotency-Key``
    (reused with another request or malformed: a 400 with ``message`` only)."""
    described = dict(ERROR_DESCRIPTIONS)
    if idempotent:
        described[400] += "; an Idempotency-Key reused with another request, or malformed"
    return {
        code: OpenApiResponse(
            ValidationErrorSerializer if code == 400 else ErrorSerializer,
            description=described[code],
        )
        for code in sorted(set(codes) | set(COMMON))
    }


def multipart(serializer_class) -> type:
    """The ``multipart/form-data`` body of ``serializer_class`` as its own component (one per
    media type: generated clients cannot share one component between JSON and multipart),
    with the files under ``adjuntos``."""
    name = serializer_class.__name__.removesuffix("Serializer") + "MultipartSerializer"
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Files (repeat the part), as many and as large as the attachment limits allow.",
    )
    return type(
        name, (serializer_class,), {"adjuntos": files, "__module__": serializer_class.__module__}
    )


def media_type_bodies(result, generator, request, public):
    """Postprocessing hook: a body offered in several media types (Mesa ``crear`` and
    ``actualizar``: JSON or multipart) is declared ``required: false`` — an empty body is
    answered 400 (listed) like any body missing its fields. A required body with several
    media types makes openapi-python-client emit a client that fails to import (its issue
    #1451), so the schema does not declare one."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if body and len(body.get("content", {})) > 1:
                body["required"] = False
                body.setdefault(
                    "description",
                    "One of the media types; a body without the required fields is a 400.",
                )
    return result


PAGE_HEADERS = [
    OpenApiParameter(
        name,
        type=OpenApiTypes.INT,
        location=OpenApiParameter.HEADER,
        response=[200],
        description=description,
    )
    for name, description in (
        ("X-Total-Count", "Rows matching the filters, all pages together."),
        ("X-Page", "This page (1-based)."),
        ("X-Limit", "Rows per page."),
        ("X-Total-Pages", "Pages in all (at least 1)."),
    )
]
