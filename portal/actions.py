"""The ticket page's actions: the form each shows, the label, the service it calls.

Which actions a ticket offers, the permission each needs and the status each produces are
the workflow's (``tickets.workflow.MOVES``, asked through ``allowed_moves``): an action is
named after its move. Who may make a move is ``tickets.access.can``'s call, what it
does is the service's.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from portal import composer, forms
from tickets import services
from tickets.access import Action, can
from tickets.workflow import MOVES, Move, allowed_moves


@dataclass(frozen=True)
class TicketAction:
    name: str  # the workflow's move (``MOVES``)
    form_class: type
    label: Any
    run: Any  # (actor, ticket, valid form) -> None
    danger: bool = False
    takes_ticket: bool = False  # the form needs the ticket (agent or status choices)
    takes_user: bool = False  # the form needs the agent (tickets it may name)
    panel: bool = True  # listed under the sidebar's "Actions" (else drawn where it belongs)
    success: Any = _("Done.")

    @property
    def move(self) -> Move:
        return MOVES[self.name]

    @property
    def permission(self) -> Action:
        return Action(self.move.permission)


def _reply(actor, ticket, form):
    data = form.cleaned_data
    if data["macro"]:
        services.macro_apply(
            actor=actor,
            ticket_id=ticket.pk,
            macro_id=data["macro"],
            body=data["text"],
            public=form.public,
            changes=form.changes(),
            uploads=data["attachments"],
        )
        return
    services.ticket_reply(
        actor=actor,
        ticket=ticket,
        text=data["text"],
        public=form.public,
        uploads=data["attachments"],
        **form.changes(),
    )


def _other(service, **names):
    """A two-ticket service: this ticket and the one the form named."""
    first, second = names.get("first", "ticket_id"), names.get("second", "other_id")
    return lambda actor, ticket, form: service(
        actor=actor, **{first: ticket.pk, second: form.cleaned_data["other_id"]}
    )


def _moves(service):
    return lambda actor, ticket, form: service(
        actor=actor, ticket=ticket, reason=form.cleaned_data["reason"]
    )


ACTIONS: dict[str, TicketAction] = {
    a.name: a
    for a in [
        # The composer under the conversation (``templates/includes/composer.html``).
        TicketAction(
            "reply",
            composer.ComposerForm,
            _("Send"),
            _reply,
            takes_ticket=True,
            takes_user=True,
            panel=False,
            success=_("Sent."),
        ),
        TicketAction(
            "take",
            composer.TakeForm,
            _("Assign to me"),
            lambda actor, ticket, form: services.ticket_take(actor=actor, ticket_id=ticket.pk),
            panel=False,
            success=_("The ticket is yours now."),
        ),
        TicketAction(
            "merge",
            composer.MergeForm,
            _("Merge into another ticket"),
            _other(services.ticket_merge, first="source_id", second="target_id"),
            danger=True,
            takes_user=True,
            success=_("Ticket merged."),
        ),
        TicketAction(
            "link",
            composer.LinkForm,
            _("Link a related ticket"),
            _other(services.ticket_link),
            takes_user=True,
            success=_("Tickets linked."),
        ),
        TicketAction(
            "unlink",
            composer.UnlinkForm,
            _("Unlink"),
            _other(services.ticket_unlink),
            panel=False,
            success=_("Tickets unlinked."),
        ),
        TicketAction(
            "assign",
            forms.AssignForm,
            _("Assign"),
            lambda actor, ticket, form: services.ticket_assign(
                actor=actor,
                ticket=ticket,
                assignee=form.cleaned_data["assignee"],
                reason=form.cleaned_data["reason"],
            ),
            takes_ticket=True,
            success=_("Ticket assigned."),
        ),
        TicketAction(
            "transfer",
            forms.TransferForm,
            _("Transfer"),
            lambda actor, ticket, form: services.ticket_transfer(
                actor=actor,
                ticket=ticket,
                area=form.cleaned_data["area"],
                assignee=form.cleaned_data["assignee"],
                reason=form.cleaned_data["reason"],
            ),
            takes_ticket=True,
            success=_("Ticket transferred."),
        ),
        TicketAction(
            "reclassify",
            forms.ReclassifyForm,
            _("Reclassify"),
            lambda actor, ticket, form: services.ticket_reclassify(
                actor=actor,
                ticket=ticket,
                priority=form.cleaned_data["priority"],
                categoria=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
            ),
            success=_("Ticket reclassified."),
        ),
        TicketAction(
            "pause",
            forms.PauseForm,
            _("Pause"),
            lambda actor, ticket, form: services.ticket_pause(
                actor=actor,
                ticket=ticket,
                reason=form.cleaned_data["reason"],
                kind=form.cleaned_data["pause_kind"],
            ),
            success=_("Ticket paused."),
        ),
        TicketAction(
            "reopen",
            forms.ReasonForm,
            _("Reopen"),
            _moves(services.ticket_reopen),
            success=_("Ticket reopened."),
        ),
        TicketAction(
            "cancel",
            forms.ReasonForm,
            _("Cancel ticket"),
            _moves(services.ticket_cancel),
            danger=True,
            success=_("Ticket cancelled."),
        ),
        TicketAction(
            "archive",
            forms.ReasonForm,
            _("Archive"),
            _moves(services.ticket_archive),
            danger=True,
            success=_("Ticket archived."),
        ),
    ]
}


def make_form(action: TicketAction, ticket, data=None, files=None, *, user=None):
    kwargs = {"ticket": ticket} if action.takes_ticket else {}
    if action.takes_user:
        kwargs["user"] = user
    return action.form_class(data, files, prefix=action.name, **kwargs)


def allowed_actions(user, ticket) -> list[TicketAction]:
    """The actions ``user`` may use on ``ticket`` now: the moves the workflow allows from
    the ticket's status that the role matrix lets ``user`` make. (A form posted anyway is
    still refused by the service: 409.)"""
    moves = allowed_moves(ticket, user, can=can)
    return [a for a in ACTIONS.values() if a.name in moves]
