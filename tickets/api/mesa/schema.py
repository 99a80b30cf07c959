"""OpenAPI (drf-spectacular) pieces of the Mesa de Ayuda face: its tag and bearer JWT scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

TAG = "Mesa de Ayuda"
SCHEME = "mesaJWT"
# Security of the public endpoints: no token, or a token that then names the actor.
OPTIONAL_TOKEN = [{SCHEME: []}, {}]


class MesaAutoSchema(AutoSchema):
    """Every Mesa operation is listed under one tag, whatever its path."""

    def get_tags(self) -> list[str]:
        return [TAG]


class MesaJWTScheme(OpenApiAuthenticationExtension):
    target_class = "tickets.api.mesa.authentication.MesaJWTAuthentication"
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
