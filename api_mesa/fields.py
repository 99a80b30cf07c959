"""The one table from the services' field names (the domain's words: ``assignee``,
``reason``, ``priority``…) to this face's wire names (``agenteId``, ``motivo``,
``prioridad``…). The exception handler (``api_mesa.errors``) puts every ``ValidationFailed``
of a service under the name the client sent, so error bodies stay the contract's.

A view whose body names a field otherwise says which operation it is (``wire_operation``);
``BY_OPERATION`` holds those few differences.
"""

import re

WIRE = {
    "assignee": "agenteId",
    "reason": "motivo",
    "priority": "prioridad",
    "category": "nuevaCategoria",
    "status": "estado",
    "response": "respuesta",
    "description": "descripcion",
    "urgency": "urgencia",
    "location": "locationRef",
    "attachments": "adjuntos",
}

BY_OPERATION = {
    "crear": {"area": "areaAsignada"},
    "reclasificar": {"priority": "nuevaPrioridad"},
}

_HEAD = re.compile(r"^([A-Za-z_]+)(.*)$", re.S)


def wire_name(field: str, operation: str | None = None) -> str:
    """``field`` (maybe ``attachments[0].key``) in this face's words."""
    match = _HEAD.match(field)
    if match is None:
        return field
    head, rest = match.groups()
    names = {**WIRE, **BY_OPERATION.get(operation or "", {})}
    return names.get(head, head) + rest


def wire_errors(errors: dict, operation: str | None = None) -> dict:
    return {wire_name(field, operation): messages for field, messages in errors.items()}
