"""How other apps add to the ticket page without ``tickets`` importing them: each registers,
in its ``AppConfig.ready``, functions that annotate the page's own querysets (so what they
add costs no query of its own). The mail app marks entries that came by e-mail and counts
the ticket's held mail (``mail.selectors``)."""

from collections.abc import Callable

from django.db.models import QuerySet

Annotate = Callable[[QuerySet], QuerySet]
_TICKET: list[Annotate] = []
_HISTORY: list[Annotate] = []


def annotate_ticket(func: Annotate) -> Annotate:
    """Register ``func(tickets) -> tickets`` for the ticket page's ticket query."""
    if func not in _TICKET:
        _TICKET.append(func)
    return func


def annotate_history(func: Annotate) -> Annotate:
    """Register ``func(activities) -> activities`` for the ticket page's history query."""
    if func not in _HISTORY:
        _HISTORY.append(func)
    return func


def ticket_queryset(qs: QuerySet) -> QuerySet:
    for func in _TICKET:
        qs = func(qs)
    return qs


def history_queryset(qs: QuerySet) -> QuerySet:
    for func in _HISTORY:
        qs = func(qs)
    return qs
