"""The ticket page's actions: which permission each needs, its form, the service it calls
and the status it moves the ticket to.

The view only looks an action up here; who may use it is ``tickets.permissions.can``'s call,
which statuses may follow which is ``tickets.workflow``'s, what it does is the service's.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from tickets import services
from tickets.errors import InvalidTransition
from tickets.models import Status
from tickets.permissions import Action, can
from tickets.portal import forms
from tickets.workflow import REOPENABLE_STATUSES, check_transition

SAME = "same"  # the action keeps the status (update): offered unless the ticket is terminal


@dataclass(frozen=True)
class TicketAction:
    name: str
    permission: Action
    form_class: type
    label: Any
    run: Any  # (actor, ticket, valid form) -> None
    target: str | None = None  # status the service moves to (None: status untouched)
    allow_same: bool = False  # the service accepts target == current (re-assign...)
    danger: bool = False
    takes_ticket: bool = False  # the form needs the ticket (agent or status choices)
    success: Any = _("Done.")

    def offered_for(self, ticket) -> bool:
        """Whether the state machine lets this action run on ``ticket`` as it is now."""
        if self.target is None:
            return True
        if self.permission == Action.REOPEN and ticket.status not in REOPENABLE_STATUSES:
            return False
        target = ticket.status if self.target == SAME else self.target
        try:
            check_transition(ticket.status, target, allow_same=self.allow_same)
        except InvalidTransition:
            return False
        return True


def _update(actor, ticket, form):
    changed = form.changed_values()
    services.ticket_update(
        actor=actor,
        ticket=ticket,
        status=changed["estado"],
        priority=changed["prioridad"],
        area=changed["area"],
        response=form.cleaned_data["respuesta"],
        uploads=form.cleaned_data["attachments"],
    )


def _moves(service):
    return lambda actor, ticket, form: service(
        actor=actor, ticket=ticket, reason=form.cleaned_data["motivo"]
    )


ACTIONS: dict[str, TicketAction] = {
    a.name: a
    for a in [
        TicketAction(
            "update",
            Action.UPDATE,
            forms.UpdateForm,
            _("Respond / update"),
            _update,
            target=SAME,
            allow_same=True,
            takes_ticket=True,
            success=_("Ticket updated."),
        ),
        TicketAction(
            "note",
            Action.NOTE,
            forms.NoteForm,
            _("Internal note"),
            lambda actor, ticket, form: services.ticket_comment(
                actor=actor,
                ticket=ticket,
                text=form.cleaned_data["text"],
                public=False,
                uploads=form.cleaned_data["attachments"],
            ),
            takes_ticket=True,
            target=SAME,  # offered on every ticket but a terminal one, as the service says
            allow_same=True,
            success=_("Internal note added."),
        ),
        TicketAction(
            "assign",
            Action.ASSIGN,
            forms.AssignForm,
            _("Assign"),
            lambda actor, ticket, form: services.ticket_assign(
                actor=actor,
                ticket=ticket,
                assignee=form.cleaned_data["agenteId"],
                reason=form.cleaned_data["motivo"],
            ),
            target=Status.ASIGNADO,
            allow_same=True,
            takes_ticket=True,
            success=_("Ticket assigned."),
        ),
        TicketAction(
            "transfer",
            Action.TRANSFER,
            forms.TransferForm,
            _("Transfer"),
            lambda actor, ticket, form: services.ticket_transfer(
                actor=actor,
                ticket=ticket,
                area=form.cleaned_data["area"],
                assignee=form.cleaned_data["agenteId"],
                reason=form.cleaned_data["motivo"],
            ),
            target=Status.TRANSFERIDO,
            allow_same=True,
            takes_ticket=True,
            success=_("Ticket transferred."),
        ),
        TicketAction(
            "reclassify",
            Action.RECLASSIFY,
            forms.ReclassifyForm,
            _("Reclassify"),
            lambda actor, ticket, form: services.ticket_reclassify(
                actor=actor,
                ticket=ticket,
                priority=form.cleaned_data["nuevaPrioridad"],
                categoria=form.cleaned_data["nuevaCategoria"],
                reason=form.cleaned_data["motivo"],
            ),
            target=Status.RECLASIFICADO,
            allow_same=True,
            success=_("Ticket reclassified."),
        ),
        TicketAction(
            "pause",
            Action.PAUSE,
            forms.ReasonForm,
            _("Pause"),
            _moves(services.ticket_pause),
            target=Status.PAUSADO,
            success=_("Ticket paused."),
        ),
        TicketAction(
            "reopen",
            Action.REOPEN,
            forms.ReasonForm,
            _("Reopen"),
            _moves(services.ticket_reopen),
            target=Status.EN_PROCESO,
            success=_("Ticket reopened."),
        ),
        TicketAction(
            "cancel",
            Action.CANCEL,
            forms.ReasonForm,
            _("Cancel ticket"),
            _moves(services.ticket_cancel),
            target=Status.CANCELADO,
            danger=True,
            success=_("Ticket cancelled."),
        ),
        TicketAction(
            "archive",
            Action.ARCHIVE,
            forms.ReasonForm,
            _("Archive"),
            _moves(services.ticket_archive),
            target=Status.ARCHIVADO,
            danger=True,
            success=_("Ticket archived."),
        ),
    ]
}


def make_form(action: TicketAction, ticket, data=None, files=None):
    kwargs = {"ticket": ticket} if action.takes_ticket else {}
    return action.form_class(data, files, prefix=action.name, **kwargs)


def allowed_actions(user, ticket) -> list[TicketAction]:
    """The actions ``user`` may use on ``ticket`` now: the role matrix allows them and the
    state machine lets them run from the ticket's status. (A form posted anyway is still
    refused by the service: 409.)"""
    return [
        a for a in ACTIONS.values() if can(user, a.permission, ticket) and a.offered_for(ticket)
    ]
