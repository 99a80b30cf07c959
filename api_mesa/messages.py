"""The Mesa de Ayuda face's own fixed messages.

They are part of the contract (``docs/api-mesa.md``; the original back end answers in
Spanish and its clients compare some of them literally), so they are literal Spanish and are
not translated. Messages of domain errors come from ``tickets.errors`` through gettext.
"""

INVALID_CREDENTIALS = "Credenciales inválidas"
INVALID_DATA = "Datos inválidos"
INVALID_JSON = "El cuerpo de la petición no es JSON válido"
UNSUPPORTED_MEDIA = "Tipo de contenido no soportado; use application/json"
NOT_AUTHENTICATED = "Token no proporcionado"
INVALID_TOKEN = "Token inválido o expirado"
# One text for "your role may not do this", one for "another area's ticket": the same words
# as ``tickets.access.ROLE_MESSAGE`` / ``OTHER_AREA_MESSAGE`` in Spanish.
FORBIDDEN = "Su rol no permite esta acción."
OTHER_AREA = "El ticket pertenece a otra área."
NOT_FOUND = "Recurso no encontrado"
TICKET_NOT_FOUND = "Ticket no encontrado"
METHOD_NOT_ALLOWED = "Método no permitido"
THROTTLED = "Demasiadas solicitudes; intente de nuevo en %(seconds)d segundos"
CONFLICT = "La operación entra en conflicto con el estado actual; intente de nuevo"
DATABASE_DOWN = "Servicio no disponible temporalmente; intente de nuevo en unos momentos"
SERVER_ERROR = "Error interno del servidor"
NOT_ACCEPTABLE = "No se puede responder en el formato pedido; acepte application/json"
TOO_LARGE = "El cuerpo de la petición es demasiado grande"
FILE_TOO_LARGE = "Archivo demasiado grande"
UNSUPPORTED_FILE = "Tipo de archivo no permitido"

LOGGED_OUT_EVERYWHERE = "Sesiones cerradas en todos los dispositivos"

TICKET_CREATED = "Ticket creado correctamente. Guarde el número de ticket para consultarlo."

# Success messages of the operations (mesa-api.md, table "Agents: operations").
ASSIGNED = "Asignado"
TRANSFERRED = "Transferido"
RECLASSIFIED = "Reclasificado"
UPDATED = "Ticket actualizado correctamente"
PAUSED = "Pausado"
REOPENED = "Reabierto"
CANCELLED = "Cancelado"
ARCHIVED = "Archivado"
