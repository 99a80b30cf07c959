"""The ticket page's composer (one form, two tabs: public reply / internal note, with the
status, priority and area beside the send button) and the forms of the sidebar's work
tools (merge, link). What they do is the services'; these only read the agent's input."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.forms import UpdateForm, pause_kind_field
from tickets.access import can, transition_action
from tickets.models import PauseKind, Status
from tickets.selectors.work import ticket_id_by_label
from tickets.services.placeholders import fill
from tickets.workflow import SET_BY_OPERATION, TERMINAL_STATUSES, TRANSITIONS

PUBLIC, INTERNAL = "public", "internal"


def composer_status_choices(user, ticket, seen=None) -> list:
    """The statuses the composer offers: the current one and every status the state machine
    allows next that ``user`` may move the ticket to (pause, solve, cancel…: the permission
    of what the move is, ``access.transition_action``), but the ones only their own
    operation sets (assign, transfer, reclassify) and the final ones (cancel, archive): those
    are sidebar actions, the final ones asking for confirmation."""
    current = ticket.status
    allowed = {current} | {
        s
        for s in TRANSITIONS[current]
        if s not in SET_BY_OPERATION
        and s not in TERMINAL_STATUSES
        and can(user, transition_action(current, s), ticket)
    }
    if seen in Status.values:
        allowed.add(seen)
    return [(value, label) for value, label in Status.choices if value in allowed]


def paused_for(ticket) -> str:
    """What the composer's "waiting for" shows: the pause's own kind; a new pause, the
    requester (the composer's pause usually asks them something)."""
    if ticket.status == Status.PAUSADO:
        return ticket.pause_kind or PauseKind.THIRD_PARTY
    return PauseKind.REQUESTER


class ComposerForm(UpdateForm):
    """``UpdateForm``'s status/priority/area (only what the agent changed is sent) plus the
    text, the tab (``mode``) and the macro the text came from, if any."""

    mode = forms.ChoiceField(
        label=_("Send as"),
        choices=[(PUBLIC, _("Public reply")), (INTERNAL, _("Internal note"))],
        initial=PUBLIC,
        required=False,  # not sent: a public reply
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "id": "composer-body"}),
    )
    macro = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # What a pause waits for: read with the status Paused only.
    pause_kind = pause_kind_field(required=False)

    field_order = [
        "mode",
        "text",
        "attachments",
        "status",
        "pause_kind",
        "priority",
        "area",
        "macro",
    ]

    def __init__(self, *args, ticket, user=None, **kwargs):
        super().__init__(*args, ticket=ticket, **kwargs)
        del self.fields["response"]
        seen = self.data.get(self["status"].html_initial_name) if self.is_bound else None
        self.fields["status"].choices = composer_status_choices(user, ticket, seen)
        for name in self.CHANGEABLE:  # not sent: kept as they are
            self.fields[name].required = False
        self.fields["pause_kind"].initial = paused_for(ticket)
        self.fields["text"].widget.attrs["data-mention-url"] = reverse(
            "portal:mentionable", args=[ticket.pk]
        )

    @property
    def public(self) -> bool:
        return self.cleaned_data.get("mode", PUBLIC) != INTERNAL

    def changes(self) -> dict:
        """The status / priority / area this agent chose (``None`` each: keep)."""
        values = self.changed_values()
        return {
            "status": values["status"],
            "priority": values["priority"],
            "area": values["area"],
            "pause_kind": self.cleaned_data.get("pause_kind") or None,
        }


def prefilled_composer(ticket, agent, macro) -> ComposerForm:
    """The composer as a macro fills it (the page without JavaScript, ``?macro=``): its text
    for this ticket and its changes chosen, the ticket's own values as "before" — so what
    the agent sends is what the form shows."""
    p = "reply-"
    offered = {value for value, _label in composer_status_choices(agent, ticket)}
    status = macro.set_status if macro.set_status in offered else ticket.status
    data = {
        f"{p}mode": PUBLIC,
        f"{p}text": fill(macro.body, ticket, agent),
        f"{p}macro": str(macro.pk),
        f"{p}status": status,
        f"{p}pause_kind": macro.set_pause_kind or paused_for(ticket),
        f"{p}priority": macro.set_priority.name if macro.set_priority_id else ticket.priority.name,
        f"{p}area": macro.set_area.code if macro.set_area_id else ticket.area.code,
        f"initial-{p}status": ticket.status,
        f"initial-{p}priority": ticket.priority.name,
        f"initial-{p}area": ticket.area.code,
    }
    return ComposerForm(data, prefix="reply", ticket=ticket, user=agent)


class _OtherTicketForm(forms.Form):
    """One other ticket, by its label, among those the agent may see (another area's
    label reads as unknown: the form does not tell which tickets exist elsewhere)."""

    field_name = "other"

    def __init__(self, *args, user=None, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        label = data.get(self.field_name)
        if label:
            pk = ticket_id_by_label(self.user, label)
            if pk is None:
                self.add_error(self.field_name, _("No ticket you may see has that label."))
            data["other_id"] = pk
        return data


class MergeForm(_OtherTicketForm):
    field_name = "target"
    target = forms.CharField(
        label=_("Merge this ticket into"),
        max_length=40,
        help_text=_(
            "The label of the ticket that goes on (e.g. TKT-000123). This one is cancelled as "
            "its duplicate; its requester is told."
        ),
    )


class LinkForm(_OtherTicketForm):
    other = forms.CharField(
        label=_("Related ticket"),
        max_length=40,
        help_text=_("The label of a ticket about the same problem (e.g. TKT-000123)."),
    )


class UnlinkForm(forms.Form):
    other = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        data["other_id"] = data.get("other")
        return data


class TakeForm(forms.Form):
    """No fields: "assign to me" is the whole request."""

    def __init__(self, *args, user=None, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
