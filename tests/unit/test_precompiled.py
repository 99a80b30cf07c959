"""``core.precompiled``: a precompiled queryset gives what the plain queryset gives."""

import uuid

import pytest
from django.db import connection
from django.db.models import CharField, Count, UUIDField
from django.test.utils import CaptureQueriesContext

from core.precompiled import Param, Precompiled
from tickets import services
from tickets.models import Activity, Ticket

pytestmark = pytest.mark.django_db


def _state(ticket: Ticket) -> dict:
    """Every loaded field of the ticket and of its joined rows."""
    loaded = {f.attname: getattr(ticket, f.attname) for f in Ticket._meta.concrete_fields}
    for name in ("area", "priority", "assignee"):
        related = getattr(ticket, name)
        loaded[name] = related and {
            f.attname: getattr(related, f.attname) for f in type(related)._meta.concrete_fields
        }
    return loaded


BY_PK = Precompiled(
    lambda: Ticket.objects.select_related("area", "priority", "assignee")
    .filter(pk=Param("pk", UUIDField()))
    .order_by()[:1]
)


def test_a_row_comes_back_as_the_plain_queryset_loads_it(make_ticket, mesa_user, area_a_user):
    ticket = make_ticket()
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user)
    plain = Ticket.objects.select_related("area", "priority", "assignee").get(pk=ticket.pk)
    fast = BY_PK.first(pk=ticket.pk)
    assert _state(fast) == _state(plain)
    assert fast.assignee == area_a_user and fast.area.code == plain.area.code


def test_each_call_binds_its_own_values_and_compiles_once(make_ticket, monkeypatch):
    first, second = make_ticket(), make_ticket()
    plan = Precompiled(lambda: Ticket.objects.filter(pk=Param("pk", UUIDField())))
    built = []
    original = plan._build
    monkeypatch.setattr(plan, "_build", lambda: built.append(1) or original())
    assert [t.pk for t in plan.list(pk=first.pk)] == [first.pk]
    assert [t.pk for t in plan.list(pk=str(second.pk))] == [second.pk]  # a string too
    assert plan.first(pk=uuid.uuid4()) is None
    assert built == [1]


def test_one_query_per_call_and_the_sql_is_the_querysets(make_ticket):
    ticket = make_ticket()
    plain = Ticket.objects.select_related("area", "priority", "assignee").filter(pk=ticket.pk)
    with CaptureQueriesContext(connection) as fast:
        BY_PK.first(pk=ticket.pk)
    with CaptureQueriesContext(connection) as slow:
        list(plain.order_by()[:1])
    assert len(fast.captured_queries) == 1

    def bare(sql):  # a Param is bound as "= (%s)" where a plain value is "= %s"
        return sql.replace("(", "").replace(")", "")

    assert bare(fast.captured_queries[0]["sql"]) == bare(slow.captured_queries[0]["sql"])


def test_only_prefetch_and_annotations_work_as_on_the_queryset(make_ticket, mesa_user):
    ticket = make_ticket()
    services.ticket_comment(actor=mesa_user, ticket=ticket, text="Revisando el equipo")
    plan = Precompiled(
        lambda: Ticket.objects.filter(label=Param("label", CharField()))
        .only("id", "label")
        .annotate(entries=Count("activities"))
        .prefetch_related("activities")
    )
    (fast,) = plan.list(label=ticket.label)
    assert fast.get_deferred_fields() >= {"description", "subject"}
    assert fast.entries == Activity.objects.filter(ticket=ticket).count() == 2
    with CaptureQueriesContext(connection) as ctx:
        texts = [a.data.get("text") for a in fast.activities.all()]
    assert len(ctx.captured_queries) == 0  # prefetched
    assert "Revisando el equipo" in texts


def test_values_must_match_the_params():
    with pytest.raises(TypeError):
        BY_PK.first()
    with pytest.raises(TypeError):
        BY_PK.first(pk=uuid.uuid4(), other=1)


def test_a_malformed_value_fails_as_a_lookup_would():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        BY_PK.first(pk="not-a-uuid")


@pytest.mark.django_db(transaction=True)
def test_a_plan_compiled_in_one_thread_runs_on_the_connection_of_another(make_ticket):
    """Django's connections are per thread: each call runs on its own thread's, whichever
    thread compiled the plan (a threaded server serves requests from many)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    ticket = make_ticket()
    plan = Precompiled(lambda: Ticket.objects.filter(pk=Param("pk", UUIDField()))[:1])
    assert plan.first(pk=ticket.pk) == ticket  # compiled here

    def elsewhere():
        try:
            return plan.first(pk=ticket.pk)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert [f.result() for f in [pool.submit(elsewhere) for _ in range(4)]] == [ticket] * 4
