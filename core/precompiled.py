"""Querysets compiled to SQL once per process, then run with each call's values.

Django turns a queryset into SQL on every evaluation. For the one-row reads every API
request makes (its caller, its ticket, the ticket's history), that compilation costs about
as much as PostgreSQL's planning and execution together: a third of a ticket detail
(``bench/scale.py``, issue 10). A ``Precompiled`` queryset is written as usual, with a
``Param`` where a value changes from call to call; the first call compiles it, every later
one only binds the values and runs the same SQL. Rows become model instances through
Django's own iterable (``select_related`` objects, annotations, ``prefetch_related``
lookups all work as on the plain queryset), so the result is the one the queryset would
give; ``tests/unit/test_precompiled.py`` holds it to that.

    CLIENT = Precompiled(
        lambda: ApiClient.objects.select_related("network").filter(
            client_id=Param("client_id", CharField())
        )[:1]
    )
    client = CLIENT.first(client_id="sb_…")

A plan is shared by every thread of the process; each call runs on its own thread's
connection (Django's connections are per thread).

Only fixed shapes: the builder takes no arguments, and a ``Param`` stands for one value
compared with ``=`` (or ``<``, ``>``…), never a list. What the builder reads when it runs
(settings, constants) is frozen into the SQL of the process.
"""

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Expression, Field, Model, QuerySet


class _Slot:
    """Where a ``Param``'s value goes in the compiled parameters."""

    __slots__ = ("name", "field")

    def __init__(self, name: str, field: Field):
        self.name, self.field = name, field


class Param(Expression):
    """A value given when a ``Precompiled`` queryset runs (``.first(name=value)``), of the
    type of ``output_field`` (converted as a lookup on such a field would convert it)."""

    def __init__(self, name: str, output_field: Field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [_Slot(self.name, self.output_field)]

    def __repr__(self):
        return f"Param({self.name!r})"


def _shallow(obj):
    """A copy sharing ``obj``'s attributes (``copy.copy`` would pickle a queryset, which
    evaluates it)."""
    clone = object.__new__(type(obj))
    clone.__dict__.update(obj.__dict__)
    return clone


class _Plan:
    def __init__(self, queryset: QuerySet, using: str):
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=using)
        self.sql, self.params = self.compiler.as_sql()  # also sets up select, klass_info
        self.names = {p.name for p in self.params if isinstance(p, _Slot)}


class Precompiled:
    """``build()``'s queryset, compiled once per database connection alias."""

    def __init__(self, build: Callable[[], QuerySet]):
        self._build = build
        self._plans: dict[tuple[str, str], _Plan] = {}

    def _plan(self, using: str) -> _Plan:
        connection = connections[using]
        key = (using, connection.vendor)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = _Plan(self._build(), using)
        return plan

    def queryset(self, using: str = DEFAULT_DB_ALIAS, **values) -> QuerySet:
        """A queryset that runs the compiled SQL with ``values`` (evaluate it once)."""
        plan = self._plan(using)
        if set(values) != plan.names:
            raise TypeError(f"expected values for {sorted(plan.names)}, got {sorted(values)}")
        connection = connections[using]
        params = [
            p.field.get_db_prep_value(values[p.name], connection, prepared=False)
            if isinstance(p, _Slot)
            else p
            for p in plan.params
        ]
        bound = _shallow(plan.compiler)
        bound.connection = connection  # this thread's: connections are per thread
        sql = plan.sql
        bound.as_sql = lambda *args, **kwargs: (sql, tuple(params))
        query = _shallow(plan.queryset.query)
        query.get_compiler = lambda *args, **kwargs: bound
        qs = _shallow(plan.queryset)  # the plan's is never evaluated: no result cache
        qs.query = query
        return qs

    def list(self, using: str = DEFAULT_DB_ALIAS, **values) -> list[Model]:
        return list(self.queryset(using, **values))

    def first(self, using: str = DEFAULT_DB_ALIAS, **values) -> Model | None:
        """The first row (build a queryset sliced ``[:1]``), or ``None``."""
        return next(iter(self.queryset(using, **values)), None)
