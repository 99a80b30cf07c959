"""THE visibility rule: which tickets an actor sees. ``sight_of`` is the one switch
(ADMIN/MESA: everything; AREA: its own areas; a requester: its own tickets; nobody else:
nothing); ``sight(actor)`` applies it to an actor. Everything that lists, counts, searches,
notifies, reports, exports or completes builds on it — and so does ``rules.can``.

Two readers of a sight: the desk's (``visible_tickets`` / ``visible_ticket_q`` /
``visible_areas_q``: the queues, counters, reports, received mail, notifications) and the
requester's (``requester_tickets``: "my tickets"). A sight of one kind is empty for the
other, so a USUARIO never gets a desk queue and an agent has no "my tickets".
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from tickets.access.requester import Requester, is_active
from tickets.models import Ticket


class Scope(enum.Enum):
    NOTHING = "nothing"
    EVERYTHING = "everything"
    AREAS = "areas"  # the tickets of ``area_ids``
    OWN = "own"  # the tickets requested under ``email`` (only ``ticket_id`` when given)


@dataclass(frozen=True)
class Sight:
    """What one actor sees (made by ``sight_of`` / ``sight``, nowhere else)."""

    scope: Scope
    area_ids: tuple = ()
    email: str = ""
    ticket_id: object = None

    @property
    def everything(self) -> bool:
        return self.scope is Scope.EVERYTHING

    @property
    def desk(self) -> bool:
        """A desk sight (everything or areas), as opposed to a requester's or none."""
        return self.scope in (Scope.EVERYTHING, Scope.AREAS)

    def sees_area(self, area_id) -> bool:
        return self.everything or (self.scope is Scope.AREAS and area_id in self.area_ids)

    def sees(self, ticket: Ticket) -> bool:
        """Whether ``ticket`` is in this sight."""
        if self.scope is Scope.OWN:
            return (
                bool(self.email)
                and self.email == (ticket.requester_email or "").lower()
                and (self.ticket_id is None or str(self.ticket_id) == str(ticket.pk))
            )
        return self.sees_area(ticket.area_id)

    def area_q(self, field: str) -> Q | None:
        """A desk sight as a condition on an area key ``field``; ``None``: no desk sight."""
        if self.everything:
            return Q()
        if self.scope is Scope.AREAS:
            return _in(field, self.area_ids)
        return None

    def own_q(self, via: str = "") -> Q | None:
        """A requester's sight as a condition on tickets; ``None``: not a requester's."""
        if self.scope is not Scope.OWN:
            return None
        q = Q(**{f"{via}requester_email": self.email})
        return q if self.ticket_id is None else q & Q(**{f"{via}pk": self.ticket_id})


NOTHING = Sight(Scope.NOTHING)
EVERYTHING = Sight(Scope.EVERYTHING)


def sight_of(role, *, area_id=None, email: str = "") -> Sight:
    """THE switch: what an active account of ``role`` (in ``area_id``, with ``email``) sees."""
    if role in (Role.ADMIN, Role.MESA):
        return EVERYTHING
    if role == Role.AREA:
        return Sight(Scope.AREAS, area_ids=(area_id,))
    if role == Role.USUARIO and email:
        return Sight(Scope.OWN, email=email.lower())
    return NOTHING


def sight(actor) -> Sight:
    """What ``actor`` sees: a ``Requester`` its own tickets (the one ticket of its proof,
    if any); an active account what its role sees; anyone else nothing."""
    if isinstance(actor, Requester):
        return Sight(Scope.OWN, email=actor.email, ticket_id=actor.ticket_id)
    if not is_active(actor):
        return NOTHING
    return sight_of(actor.role, area_id=actor.area_id, email=actor.email or "")


def _in(field: str, values: Iterable) -> Q:
    values = list(values)
    return Q(**{field: values[0]}) if len(values) == 1 else Q(**{f"{field}__in": values})


# The desk's readers -------------------------------------------------------------------------


def visible_ticket_q(user, via: str = "") -> Q | None:
    """The tickets ``user`` may list or open at the desk, as a condition on rows that point
    at a ticket through ``via`` (e.g. ``"ticket__"``); ``None`` when it sees none."""
    return sight(user).area_q(f"{via}area_id")


def visible_tickets(user, queryset: QuerySet[Ticket] | None = None) -> QuerySet[Ticket]:
    """The tickets ``user`` may list or open: all for ADMIN/MESA, own area for AREA."""
    qs = Ticket.objects.all() if queryset is None else queryset
    condition = visible_ticket_q(user)
    return qs.none() if condition is None else qs.filter(condition)


def visible_areas_q(user, field: str = "area_id") -> Q:
    """``visible_tickets`` for rows keyed by area (counters, reports, area choices)."""
    condition = sight(user).area_q(field)
    return Q(pk__in=[]) if condition is None else condition


def agents_seeing_q(area_ids: Iterable) -> Q:
    """Accounts whose sight covers every ticket of ``area_ids`` (the switch read the other
    way round): the roles that see everything, and those that see their own areas."""
    area_ids = list(area_ids)
    everything = [r for r in Role if sight_of(r).everything]
    by_area = [r for r in Role if sight_of(r, area_id=0).scope is Scope.AREAS]
    q = _in("role", everything)
    if area_ids:
        q |= _in("role", by_area) & _in("area_id", area_ids)
    return q


def agents_who_can_see(ticket: Ticket) -> QuerySet[User]:
    """Active agents whose sight covers ``ticket`` (``can(agent, VIEW, ticket)``)."""
    return User.objects.filter(is_active=True).filter(agents_seeing_q([ticket.area_id]))


# The requester's reader -----------------------------------------------------------------------


def requester_tickets(user, queryset: QuerySet[Ticket] | None = None) -> QuerySet[Ticket]:
    """ "My tickets": those requested under the logged-in USUARIO's account e-mail (or a
    ``Requester``'s proven one); nothing for anyone else, agents included."""
    qs = Ticket.objects.all() if queryset is None else queryset
    condition = sight(user).own_q()
    return qs.none() if condition is None else qs.filter(condition)
