"""``PUT …/status`` asking for the status the ticket already shows: a no-op.

The client sees four statuses; several internal ones read as one (ASIGNADO, EN_PROCESO,
PAUSADO… are all ``inProgress``). Asking for the one the ticket already shows answers 200
with the ticket, writes nothing and sends no e-mail. Its ``activity`` is the latest activity
of the ticket's history on this face that set that status (``data.status``), or the
``ticketCreated`` activity when none did. A terminal ticket (CANCELADO, ARCHIVADO: shown as
``closed``) is not a no-op: every write to it is a 409. Nor is ``inProgress`` on a PAUSADO
ticket: it resumes the work (PAUSADO → EN_PROCESO, the SLA clock runs again). Both read
``inProgress``, so the resume's ``statusUpdated`` says ``data.status`` only (no
``previousAttributes``) and, like the pause, is not listed in the ticket's activities.
"""

from tickets.models import Status, Ticket
from tickets.workflow import TERMINAL_STATUSES, to_spacebring


def already_shows(ticket: Ticket, wanted: str) -> bool:
    if ticket.status in TERMINAL_STATUSES or ticket.status == Status.PAUSADO:
        return False  # a write: 409, or the resume of a paused ticket
    return to_spacebring(ticket.status) == wanted


def setting_activity(history: list[dict], wanted: str) -> dict:
    """The activity (serialised, oldest-first ``history``) that set ``wanted``."""
    for activity in reversed(history):
        if activity["data"].get("status") == wanted:
            return activity
    return history[0]


def written_activity(activity: dict, wanted: str) -> dict:
    """The activity ``PUT …/status`` answers with: it always says the status it set (a
    resume reads ``inProgress`` → ``inProgress``, which the serialiser leaves out)."""
    activity["data"].setdefault("status", wanted)
    return activity
