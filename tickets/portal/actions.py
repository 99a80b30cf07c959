"""The ticket page's actions: which permission each needs, its form, and the service it calls.

The view only looks an action up here; who may use it is ``tickets.permissions.can``'s call,
what it does is the service's.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from tickets import services
from tickets.permissions import Action, can
from tickets.portal import forms


@dataclass(frozen=True)
class TicketAction:
    name: str
    permission: Action
    form_class: type
    label: Any
    run: Any  # (actor, ticket, cleaned_data) -> None
    danger: bool = False
    takes_ticket: bool = False  # the form needs the ticket (agent choices)
    success: Any = _("Done.")


def _update(actor, ticket, data):
    services.ticket_update(
        actor=actor,
        ticket=ticket,
        status=data["estado"],
        priority=data["prioridad"],
        area=data["area"],
        response=data["respuesta"],
    )


def _moves(service):
    return lambda actor, ticket, data: service(actor=actor, ticket=ticket, reason=data["motivo"])


ACTIONS: dict[str, TicketAction] = {
    a.name: a
    for a in [
        TicketAction(
            "update",
            Action.UPDATE,
            forms.UpdateForm,
            _("Respond / update"),
            _update,
            success=_("Ticket updated."),
        ),
        TicketAction(
            "note",
            Action.NOTE,
            forms.NoteForm,
            _("Internal note"),
            lambda actor, ticket, d: services.ticket_comment(
                actor=actor, ticket=ticket, text=d["text"], public=False
            ),
            success=_("Internal note added."),
        ),
        TicketAction(
            "assign",
            Action.ASSIGN,
            forms.AssignForm,
            _("Assign"),
            lambda actor, ticket, d: services.ticket_assign(
                actor=actor, ticket=ticket, assignee=d["agenteId"], reason=d["motivo"]
            ),
            takes_ticket=True,
            success=_("Ticket assigned."),
        ),
        TicketAction(
            "transfer",
            Action.TRANSFER,
            forms.TransferForm,
            _("Transfer"),
            lambda actor, ticket, d: services.ticket_transfer(
                actor=actor,
                ticket=ticket,
                area=d["area"],
                assignee=d["agenteId"],
                reason=d["motivo"],
            ),
            takes_ticket=True,
            success=_("Ticket transferred."),
        ),
        TicketAction(
            "reclassify",
            Action.RECLASSIFY,
            forms.ReclassifyForm,
            _("Reclassify"),
            lambda actor, ticket, d: services.ticket_reclassify(
                actor=actor,
                ticket=ticket,
                priority=d["nuevaPrioridad"],
                categoria=d["nuevaCategoria"],
                reason=d["motivo"],
            ),
            success=_("Ticket reclassified."),
        ),
        TicketAction(
            "pause",
            Action.PAUSE,
            forms.ReasonForm,
            _("Pause"),
            _moves(services.ticket_pause),
            success=_("Ticket paused."),
        ),
        TicketAction(
            "reopen",
            Action.REOPEN,
            forms.ReasonForm,
            _("Reopen"),
            _moves(services.ticket_reopen),
            success=_("Ticket reopened."),
        ),
        TicketAction(
            "cancel",
            Action.CANCEL,
            forms.ReasonForm,
            _("Cancel ticket"),
            _moves(services.ticket_cancel),
            danger=True,
            success=_("Ticket cancelled."),
        ),
        TicketAction(
            "archive",
            Action.ARCHIVE,
            forms.ReasonForm,
            _("Archive"),
            _moves(services.ticket_archive),
            danger=True,
            success=_("Ticket archived."),
        ),
    ]
}


def make_form(action: TicketAction, ticket, data=None):
    kwargs = {"ticket": ticket} if action.takes_ticket else {}
    initial = forms.UpdateForm.initial_for(ticket) if action.name == "update" else None
    return action.form_class(data, initial=initial, prefix=action.name, **kwargs)


def allowed_actions(user, ticket) -> list[TicketAction]:
    """The actions ``user`` may use on ``ticket``, as the role matrix says."""
    return [a for a in ACTIONS.values() if can(user, a.permission, ticket)]
