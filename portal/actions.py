"""The ticket page's actions: which permission each needs, its form, the service it calls
and the status it moves the ticket to.

The view only looks an action up here; who may use it is ``tickets.permissions.can``'s call,
which statuses may follow which is ``tickets.workflow``'s, what it does is the service's.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from portal import composer, forms
from tickets import services
from tickets.errors import InvalidTransition
from tickets.models import Status
from tickets.permissions import Action, can
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
    takes_user: bool = False  # the form needs the agent (tickets it may name)
    panel: bool = True  # listed under the sidebar's "Actions" (else drawn where it belongs)
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
            Action.NOTE,
            composer.ComposerForm,
            _("Send"),
            _reply,
            target=SAME,
            allow_same=True,
            takes_ticket=True,
            takes_user=True,
            panel=False,
            success=_("Sent."),
        ),
        TicketAction(
            "take",
            Action.TAKE,
            composer.TakeForm,
            _("Assign to me"),
            lambda actor, ticket, form: services.ticket_take(actor=actor, ticket_id=ticket.pk),
            target=SAME,
            allow_same=True,
            panel=False,
            success=_("The ticket is yours now."),
        ),
        TicketAction(
            "merge",
            Action.MERGE,
            composer.MergeForm,
            _("Merge into another ticket"),
            _other(services.ticket_merge, first="source_id", second="target_id"),
            target=Status.CANCELADO,
            danger=True,
            takes_user=True,
            success=_("Ticket merged."),
        ),
        TicketAction(
            "link",
            Action.LINK,
            composer.LinkForm,
            _("Link a related ticket"),
            _other(services.ticket_link),
            target=SAME,
            allow_same=True,
            takes_user=True,
            success=_("Tickets linked."),
        ),
        TicketAction(
            "unlink",
            Action.LINK,
            composer.UnlinkForm,
            _("Unlink"),
            _other(services.ticket_unlink),
            target=SAME,
            allow_same=True,
            panel=False,
            success=_("Tickets unlinked."),
        ),
        TicketAction(
            "assign",
            Action.ASSIGN,
            forms.AssignForm,
            _("Assign"),
            lambda actor, ticket, form: services.ticket_assign(
                actor=actor,
                ticket=ticket,
                assignee=form.cleaned_data["assignee"],
                reason=form.cleaned_data["reason"],
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
                assignee=form.cleaned_data["assignee"],
                reason=form.cleaned_data["reason"],
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
                priority=form.cleaned_data["priority"],
                categoria=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
            ),
            target=Status.RECLASIFICADO,
            allow_same=True,
            success=_("Ticket reclassified."),
        ),
        TicketAction(
            "pause",
            Action.PAUSE,
            forms.PauseForm,
            _("Pause"),
            lambda actor, ticket, form: services.ticket_pause(
                actor=actor,
                ticket=ticket,
                reason=form.cleaned_data["reason"],
                kind=form.cleaned_data["pause_kind"],
            ),
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


def make_form(action: TicketAction, ticket, data=None, files=None, *, user=None):
    kwargs = {"ticket": ticket} if action.takes_ticket else {}
    if action.takes_user:
        kwargs["user"] = user
    return action.form_class(data, files, prefix=action.name, **kwargs)


def allowed_actions(user, ticket) -> list[TicketAction]:
    """The actions ``user`` may use on ``ticket`` now: the role matrix allows them and the
    state machine lets them run from the ticket's status. (A form posted anyway is still
    refused by the service: 409.)"""
    return [
        a for a in ACTIONS.values() if can(user, a.permission, ticket) and a.offered_for(ticket)
    ]
