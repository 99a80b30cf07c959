"""History entries (``Activity``) as the Mesa face shows them.

Action codes: ``CREACION`` (ticketCreated), ``CAMBIO_ESTADO`` (statusUpdated),
``ASIGNACION`` (assigneeUpdated), ``TRANSFERENCIA`` (areaTransferred),
``RECLASIFICACION`` (reclassified), ``RESPUESTA`` (public comment), ``NOTA_INTERNA``
(internal comment), ``ALERTA_SLA`` (slaAlert: internal, agents only; ``nota`` is
``warning`` or ``breach``), ``VALORACION`` (rating: internal, agents only; ``nota`` is
``good`` or ``bad``, then ``: `` and the requester's comment when there is one).

Requesters get camelCase keys and never an e-mail address; agents get snake_case keys
(like the rest of the detail) including the actor's e-mail.
"""

from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from tickets.models import Activity, ActivityType
from tickets.selectors.history import requester_safe_name

_DATETIME = serializers.DateTimeField()

ACTION_CODES = {
    ActivityType.TICKET_CREATED: "CREACION",
    ActivityType.STATUS_UPDATED: "CAMBIO_ESTADO",
    ActivityType.ASSIGNEE_UPDATED: "ASIGNACION",
    ActivityType.AREA_TRANSFERRED: "TRANSFERENCIA",
    ActivityType.RECLASSIFIED: "RECLASIFICACION",
    ActivityType.SLA_ALERT: "ALERTA_SLA",
    ActivityType.RATING: "VALORACION",
}


def action_code(activity: Activity) -> str:
    if activity.type == ActivityType.COMMENT:
        return "RESPUESTA" if activity.public else "NOTA_INTERNA"
    return ACTION_CODES.get(activity.type, activity.type.upper())


def _pair(activity: Activity, attr: str) -> tuple:
    """(before, after) of ``attr`` as the entry recorded it; (None, None) if untouched."""
    data = activity.data or {}
    previous = data.get("previousAttributes") or {}
    if attr not in data:
        return None, None
    return previous.get(attr), data.get(attr)


def absolute(link):
    """``link(attachment, inline)`` made absolute (``HELPDESK_SITE_URL``)."""
    site = settings.HELPDESK_SITE_URL.rstrip("/")
    return lambda attachment, inline=False: site + link(attachment, inline)


def agent_link(attachment, inline: bool = False) -> str:
    return reverse("mesa:attachment", args=[attachment.key])


def files(activity: Activity, link) -> list[dict]:
    """``adjuntos`` (ours): the entry's files, prefetched (``selectors.activity_list``)."""
    return [
        {
            "nombre": a.name,
            "tipo": a.mime,
            "tamano": a.size,
            "ancho": a.width,
            "alto": a.height,
            "url": link(a),
        }
        for a in activity.attachments.all()
    ]


def describe(activity: Activity, *, for_requester: bool = False) -> dict:
    """The entry in neutral names; ``public_entry`` / ``agent_entry`` pick the keys.

    Reasons (``motivo``) are internal: a requester's note is only a response's text.
    """
    data = activity.data or {}
    note = data.get("text") or ("" if for_requester else data.get("reason")) or ""
    if activity.type == ActivityType.SLA_ALERT and not for_requester:
        note = data.get("kind") or ""
    if activity.type == ActivityType.RATING and not for_requester:
        note = ": ".join(str(v) for v in (data.get("score"), data.get("comment")) if v)
    actor = activity.actor_snapshot or {}
    status_before, status_after = _pair(activity, "status")
    priority_before, priority_after = _pair(activity, "priority")
    area_before, area_after = _pair(activity, "area")
    return {
        "id": str(activity.id),
        "date": activity.created_at,
        "action": action_code(activity),
        "note": note,
        "reason": data.get("reason") or "",
        "actor_name": requester_safe_name(actor) if for_requester else actor.get("nombre") or "",
        "actor_role": actor.get("rol") or "",
        "actor_email": actor.get("email"),
        "status_before": status_before,
        "status_after": status_after,
        "priority_before": priority_before,
        "priority_after": priority_after,
        "area_before": area_before,
        "area_after": area_after,
        "public": activity.public,
    }


_PUBLIC_KEYS = {
    "date": "fecha",
    "action": "accion",
    "note": "nota",
    "actor_name": "agenteNombre",
    "actor_role": "agenteRol",
    "status_before": "estadoAnterior",
    "status_after": "estadoNuevo",
    "priority_before": "prioridadAnterior",
    "priority_after": "prioridadNueva",
}

_AGENT_KEYS = {
    "id": "id",
    "date": "fecha",
    "action": "accion",
    "note": "nota",
    "reason": "motivo",
    "actor_name": "agente_nombre",
    "actor_role": "agente_rol",
    "actor_email": "agente_email",
    "status_before": "estado_anterior",
    "status_after": "estado_nuevo",
    "priority_before": "prioridad_anterior",
    "priority_after": "prioridad_nueva",
    "area_before": "area_anterior",
    "area_after": "area_nueva",
    "public": "publico",
}


def _pick(values: dict, keys: dict) -> dict:
    out = {}
    for src, dst in keys.items():
        value = values[src]
        out[dst] = _DATETIME.to_representation(value) if src == "date" else value
    return out


def public_entry(activity: Activity, link=None) -> dict:
    entry = _pick(describe(activity, for_requester=True), _PUBLIC_KEYS)
    if link is not None:
        entry["adjuntos"] = files(activity, link)
    return entry


def agent_entry(activity: Activity) -> dict:
    entry = _pick(describe(activity), _AGENT_KEYS)
    entry["adjuntos"] = files(activity, absolute(agent_link))
    return entry
