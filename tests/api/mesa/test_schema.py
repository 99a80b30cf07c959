"""The Mesa face in the shared OpenAPI schema: tag, bearer JWT, every path."""

import pytest
import yaml

PATHS = [
    "/api/auth/login",
    "/api/auth/refresh",
    "/api/tickets/crear",
    "/api/tickets/consultar",
    "/api/tickets/dashboard",
    "/api/tickets/{ticket_id}",
    *[
        f"/api/tickets/{{ticket_id}}/{op}"
        for op in (
            "asignar", "transferir", "reclasificar", "actualizar",
            "pausar", "reabrir", "cancelar", "archivar",
        )
    ],
]  # fmt: skip


@pytest.fixture
def schema(api, db):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_every_mesa_path_is_documented_under_its_tag(schema):
    for path in PATHS:
        operations = schema["paths"][path]
        for operation in operations.values():
            if isinstance(operation, dict) and "tags" in operation:
                assert operation["tags"] == ["Mesa de Ayuda"], path


def test_bearer_jwt_scheme_guards_agent_endpoints(schema):
    scheme = schema["components"]["securitySchemes"]["mesaJWT"]
    assert (scheme["type"], scheme["scheme"], scheme["bearerFormat"]) == ("http", "bearer", "JWT")
    assert schema["paths"]["/api/tickets/dashboard"]["get"]["security"] == [{"mesaJWT": []}]
    assert {} in schema["paths"]["/api/tickets/crear"]["post"]["security"]


def test_catch_all_is_not_in_the_schema(schema):
    assert not [p for p in schema["paths"] if "{" not in p and p.endswith(".*$")]
