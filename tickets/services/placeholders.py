"""Macro placeholders: which there are, checking a text when saved, filling it for a ticket.

A text uses ``str.format`` fields: ``{requester_name}``, ``{label}``, ``{agent_name}``,
``{area}``; ``{{`` and ``}}`` are literal braces. Anything else (an unknown name, an
attribute or index such as ``{label.upper}``, a format spec) is refused when the macro is
saved. The filled text is plain text: templates escape it like any other reply.
"""

from string import Formatter

from django.utils.translation import gettext_lazy as _

from tickets.errors import ValidationFailed

PLACEHOLDERS = ("requester_name", "label", "agent_name", "area")


def check_template(text: str, field: str = "body") -> str:
    """``text`` if every placeholder in it is known, else ``ValidationFailed`` on ``field``."""
    try:
        parts = list(Formatter().parse(text or ""))
    except ValueError:
        raise ValidationFailed.for_field(
            field, _("Unbalanced braces: write {{ and }} for literal braces.")
        ) from None
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            raise ValidationFailed.for_field(
                field,
                _("Unknown placeholder {%(name)s}. Use %(known)s.")
                % {"name": name, "known": ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)},
            )
    return text


def values_for(ticket, agent) -> dict[str, str]:
    """What each placeholder stands for on ``ticket`` written by ``agent``."""
    return {
        "requester_name": ticket.requester_name or "",
        "label": ticket.label,
        "agent_name": (getattr(agent, "full_name", "") or getattr(agent, "email", "") or ""),
        "area": ticket.area.name,
    }


def fill(text: str, ticket, agent) -> str:
    """``text`` (checked when saved) with its placeholders filled for ``ticket``."""
    return (text or "").format_map(values_for(ticket, agent))
