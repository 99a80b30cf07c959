"""Action forms of the ticket page. Field names are the services' field names (the domain's
words: ``status``, ``priority``, ``assignee``, ``reason``…), so a ``ValidationFailed`` from a
service lands under the right field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import AGENT_ROLES, Area, Role, User
from tickets.access import PLAIN_UPDATES, agents_seeing_q, transition_action
from tickets.errors import ValidationFailed
from tickets.models import PauseKind, Priority, Status
from tickets.selectors.lookups import agent_for_area
from tickets.services.forms import MultipleFileField, TicketForm
from tickets.workflow import TRANSITIONS

REASON_MAX = 5000


def priority_choices():
    return [(p.name, p.name) for p in Priority.objects.all()]


def reason_field(required=False):
    return forms.CharField(
        label=_("Reason"),
        required=required,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Internal: only agents see the reason."),
    )


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        area = f" · {obj.area.name}" if obj.area_id else ""
        return f"{obj.full_name or obj.email} ({obj.get_role_display()}{area})"


def agents_for(area=None):
    """Active agents; with ``area``, only those who may work it (desk + that area)."""
    qs = User.objects.filter(is_active=True).select_related("area").order_by("name", "email")
    if area is None:
        return qs.filter(role__in=sorted(AGENT_ROLES))
    return qs.filter(agents_seeing_q([area.pk]))


def agents_by_area(field: AgentChoiceField, agents) -> list:
    """``<optgroup>`` choices: the service desk (works every area), then one group per area."""
    desk, by_area = [], {}
    for agent in agents:
        choice = (agent.pk, field.label_from_instance(agent))
        if agent.role == Role.AREA and agent.area_id:
            by_area.setdefault(agent.area.name, []).append(choice)
        else:
            desk.append(choice)
    groups = [(_("Service desk (any area)"), desk)] if desk else []
    groups += sorted(by_area.items())
    return [("", field.empty_label), *groups]


def update_status_choices(current: str, seen: str | None = None) -> list:
    """The statuses the update form offers on a ticket in ``current``: the current one and
    every status the state machine allows next that is a plain update
    (``access.transition_action``, ``PLAIN_UPDATES``: resuming a paused ticket is one):
    pausing, reopening, cancelling, archiving, assigning, transferring and reclassifying have
    their own actions (and their own permissions).

    ``seen`` (the status the agent's page showed) stays valid so that a stale form sent back
    unchanged is read as "no change" rather than refused.
    """
    allowed = {current} | {
        s for s in TRANSITIONS[current] if transition_action(current, s) in PLAIN_UPDATES
    }
    if seen in Status.values:
        allowed.add(seen)
    return [(value, label) for value, label in Status.choices if value in allowed]


class UpdateForm(forms.Form):
    """Mesa ``actualizar``: status, priority, area and a response the requester reads (the
    base of the ticket page's composer, ``portal.composer.ComposerForm``).

    Status, priority and area carry the value the page was drawn with (hidden ``initial-``
    inputs), so ``changed_data`` names only what this agent changed: the action sends the
    service ``None`` for the others and never undoes another agent's change.
    """

    status = forms.ChoiceField(label=_("Status"), choices=(), show_hidden_initial=True)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=priority_choices, show_hidden_initial=True
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.filter(active=True),
        to_field_name="code",
        show_hidden_initial=True,
    )
    response = forms.CharField(
        label=_("Response to the requester"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Public: the requester reads it and gets it by e-mail."),
    )
    attachments = MultipleFileField()

    CHANGEABLE = ("status", "priority", "area")

    def __init__(self, *args, ticket, **kwargs):
        kwargs.setdefault(
            "initial",
            {"status": ticket.status, "priority": ticket.priority.name, "area": ticket.area},
        )
        super().__init__(*args, **kwargs)
        seen = self.data.get(self["status"].html_initial_name) if self.is_bound else None
        self.fields["status"].choices = update_status_choices(ticket.status, seen)

    def changed_values(self) -> dict:
        """Cleaned status, priority and area: the value if this agent changed it, else None."""
        return {
            name: self.cleaned_data[name] if name in self.changed_data else None
            for name in self.CHANGEABLE
        }


class ReasonForm(forms.Form):
    reason = reason_field()


def pause_kind_field(**kwargs):
    return forms.ChoiceField(
        label=_("Waiting for"),
        choices=PauseKind.choices,
        initial=PauseKind.REQUESTER,
        widget=forms.RadioSelect,
        help_text=_(
            "Waiting for the requester: their answer, by any way in, takes the ticket back "
            "to work. Waiting for a third party: it stays paused until an agent resumes it."
        ),
        **kwargs,
    )


class PauseForm(forms.Form):
    pause_kind = pause_kind_field(required=False)  # not sent: a third party (the service's)
    reason = reason_field()


class AssignForm(forms.Form):
    assignee = AgentChoiceField(label=_("Agent"), queryset=User.objects.none())
    reason = reason_field()

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents_for(ticket.area if ticket else None)


class TransferForm(forms.Form):
    """Agents are grouped by area; one of another area than the target is refused here in
    the portal's words (the service checks the same rule, ``lookups.agent_for_area``)."""

    area = forms.ModelChoiceField(label=_("New area"), queryset=Area.objects.filter(active=True))
    assignee = AgentChoiceField(
        label=_("Agent (optional)"), queryset=User.objects.none(), required=False
    )
    reason = reason_field()

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = agents_for()
        field.choices = agents_by_area(field, field.queryset)  # a posted id is checked by queryset

    def clean(self):
        data = super().clean()
        area, agent = data.get("area"), data.get("assignee")
        if area is not None and agent is not None:
            try:
                agent_for_area(agent, area, field="assignee")
            except ValidationFailed:
                self.add_error("assignee", _("Not an agent of the target area."))
        return data


class ReclassifyForm(forms.Form):
    priority = forms.ChoiceField(label=_("New priority"), choices=priority_choices)
    category = forms.CharField(
        label=_("New category"), required=False, max_length=100
    )
    reason = reason_field()
class AgentTicketForm(TicketForm):
    """Create on behalf of a requester: the agent may route it straight to an area."""

    areaAsignada = forms.ModelChoiceField(  # noqa: N815
        label=_("Area"),
        queryset=Area.objects.filter(active=True),
        to_field_name="code",
        required=False,
        empty_label=_("Intake area (default)"),
    )

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "area": self.cleaned_data["areaAsignada"]}


