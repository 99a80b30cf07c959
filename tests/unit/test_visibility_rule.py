"""THE visibility rule (``tickets.access.visibility.sight_of`` / ``sight``) as a table, and
every reader built on it agreeing with it: the desk's list, count and search, "my tickets",
``can(VIEW)``, who is notified / offered for a mention, the report's and the dashboard's
area choices, received mail."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Area, Role, User
from mail.models import InboundMessage
from mail.selectors import messages_for
from notifications import recipients
from portal.filters import _visible_area_ids
from reports.forms import PeriodForm
from tests.conftest import is_postgres
from tickets import selectors
from tickets.access import (
    SYSTEM,
    Action,
    Requester,
    Scope,
    agents_who_can_see,
    can,
    requester_tickets,
    sight,
    sight_of,
    visible_areas_q,
    visible_tickets,
)
from tickets.selectors.search import ticket_search


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.ADMIN, Scope.EVERYTHING),
        (Role.MESA, Scope.EVERYTHING),
        (Role.AREA, Scope.AREAS),
        (Role.USUARIO, Scope.OWN),
        (None, Scope.NOTHING),
        ("SOMETHING_NEW", Scope.NOTHING),
    ],
)
def test_the_switch(role, scope):
    seen = sight_of(role, area_id=7, email="Ana@Example.com")
    assert seen.scope is scope
    if scope is Scope.AREAS:
        assert seen.area_ids == (7,)
    if scope is Scope.OWN:
        assert seen.email == "ana@example.com"


def test_a_usuario_without_an_email_sees_nothing():
    assert sight_of(Role.USUARIO, email="").scope is Scope.NOTHING


@pytest.fixture
def world(users, make_ticket, area_a, area_b):
    """Three tickets: Laura's in area A and in area B, and the USUARIO's own in area A."""
    tickets = {
        "a": make_ticket(area=area_a),
        "b": make_ticket(area=area_b),
        "mine": make_ticket(area=area_a, requester_email=users["usuario"].email),
    }
    inactive = User.objects.create_user("ex@example.com", "x", role=Role.MESA, is_active=False)
    actors = {
        **users,
        "inactive_mesa": inactive,
        "anonymous": AnonymousUser(),
        "system": SYSTEM,
        "laura": Requester("LAURA@example.com"),
        "laura_one_ticket": Requester("laura@example.com", ticket_id=tickets["a"].pk),
        "stranger": Requester("otra@example.com"),
    }
    return actors, tickets


# actor -> (scope, the tickets it sees)
TABLE = {
    "admin": (Scope.EVERYTHING, {"a", "b", "mine"}),
    "mesa": (Scope.EVERYTHING, {"a", "b", "mine"}),
    "area_own": (Scope.AREAS, {"a", "mine"}),  # area A
    "area_other": (Scope.AREAS, {"b"}),  # area B
    "usuario": (Scope.OWN, {"mine"}),
    "inactive_mesa": (Scope.NOTHING, set()),
    "anonymous": (Scope.NOTHING, set()),
    "system": (Scope.NOTHING, set()),
    "laura": (Scope.OWN, {"a", "b"}),
    "laura_one_ticket": (Scope.OWN, {"a"}),
    "stranger": (Scope.OWN, set()),
}


def _names(tickets, rows) -> set:
    by_pk = {t.pk: name for name, t in tickets.items()}
    return {by_pk[row.pk] for row in rows}


@pytest.mark.parametrize("who", sorted(TABLE))
def test_the_table(world, who):
    actors, tickets = world
    scope, expected = TABLE[who]
    seen = sight(actors[who])
    assert seen.scope is scope
    assert {name for name, t in tickets.items() if seen.sees(t)} == expected


@pytest.mark.parametrize("who", sorted(TABLE))
def test_every_list_agrees_with_the_table(world, who):
    actors, tickets = world
    actor = actors[who]
    scope, expected = TABLE[who]
    desk = expected if scope in (Scope.EVERYTHING, Scope.AREAS) else set()
    own = expected if scope is Scope.OWN else set()
    # The desk: queue, API lists, search; and the rule book's VIEW for an agent.
    assert _names(tickets, visible_tickets(actor)) == desk
    assert _names(tickets, selectors.ticket_list(user=actor)) == desk
    searched = ticket_search(selectors.ticket_list(user=actor), "impresora")
    assert _names(tickets, searched) == desk
    if getattr(actor, "is_agent", False):
        assert {n for n, t in tickets.items() if can(actor, Action.VIEW, t)} == desk
    # The requester: "my tickets".
    assert _names(tickets, requester_tickets(actor)) == own


@pytest.mark.skipif(not is_postgres(), reason="the counters are kept by PostgreSQL triggers")
@pytest.mark.parametrize("who", sorted(TABLE))
def test_the_counts_agree_with_the_table(world, who):
    actors, _tickets = world
    scope, expected = TABLE[who]
    desk = expected if scope in (Scope.EVERYTHING, Scope.AREAS) else set()
    assert selectors.ticket_count(user=actors[who]) == len(desk)


@pytest.mark.parametrize("name", ["a", "b", "mine"])
def test_who_is_notified_or_offered_for_a_mention_agrees_with_the_table(world, name):
    actors, tickets = world
    ticket = tickets[name]
    agents = {who for who, (_, seen) in TABLE.items() if name in seen} & {
        "admin",
        "mesa",
        "area_own",
        "area_other",
    }
    by_pk = {getattr(a, "pk", None): who for who, a in actors.items() if isinstance(a, User)}
    assert {by_pk[u.pk] for u in agents_who_can_see(ticket)} == agents
    everyone = [a for a in actors.values() if isinstance(a, User)]
    assert {by_pk[u.pk] for u in recipients.allowed(everyone, ticket, None)} == agents


@pytest.mark.parametrize("who", sorted(TABLE))
def test_area_scopes_agree_with_the_table(world, who, area_mesa, area_a, area_b):
    actors, _tickets = world
    actor = actors[who]
    seen = sight(actor)
    areas = {a.pk for a in (area_mesa, area_a, area_b)}
    expected = {pk for pk in areas if seen.sees_area(pk)}
    assert set(Area.objects.filter(visible_areas_q(actor, "pk")).values_list("pk", flat=True)) == (
        expected
    )
    # The report's area choices, the dashboard's area filter.
    report = PeriodForm({}, user=actor).fields["area"].queryset
    assert set(report.values_list("pk", flat=True)) == expected
    assert set(_visible_area_ids(actor)) & areas == expected


def _message(name, ticket):
    return InboundMessage.objects.create(
        message_id=f"<{name}@example.com>",
        dedupe_key=name,
        sender="x@example.com",
        source="imap",
        status=InboundMessage.Status.HELD,
        ticket=ticket,
    )


@pytest.mark.parametrize("who", ["admin", "mesa", "area_own", "area_other", "usuario"])
def test_received_mail_agrees_with_the_table(world, who):
    actors, tickets = world
    scope, expected = TABLE[who]
    for name, ticket in tickets.items():
        _message(name, ticket)
    loose = _message("loose", None)
    rows = messages_for(actors[who])
    names = {m.message_id.strip("<>").split("@")[0] for m in rows if m.pk != loose.pk}
    assert names == (expected if scope in (Scope.EVERYTHING, Scope.AREAS) else set())
    assert rows.filter(pk=loose.pk).exists() is (scope is Scope.EVERYTHING)
