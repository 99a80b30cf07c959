"""``PUT …/status`` asking for the status the ticket already shows: a no-op.

The client sees four statuses; several internal ones read as one (ASIGNADO, EN_PROCESO,
PAUSADO… are all ``inProgress``). Asking for the one the ticket already shows answers 200
with the ticket, writes nothing and sends no e-mail. Its ``activity`` is the latest activity
of the ticket's history on this face that set that status (``data.status``), or the
``ticketCreated`` activity when none did. A terminal ticket (CANCELADO, ARCHIVADO: shown as
``closed``) is not a no-op: every write to it is a 409.
"""

from tickets.models import Ticket
from tickets.workflow import TERMINAL_STATUSES, to_spacebring


def already_shows(ticket: Ticket, wanted: str) -> bool:
    return ticket.status not in TERMINAL_STATUSES and to_spacebring(ticket.status) == wanted


def setting_activity(history: list[dict], wanted: str) -> dict:
    """The activity (serialised, oldest-first ``history``) that set ``wanted``."""
    for activity in reversed(history):
        if activity["data"].get("status") == wanted:
            return activity
    return history[0]
