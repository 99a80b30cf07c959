"""The rules every public service keeps (``tickets.services.__all__``, and bulk work):

- it is an entry point: its own transaction, ``transaction.atomic(durable=True)``, so a
  caller that nests it in another transaction fails loudly instead of committing half;
- its parameters are keyword-only and typed, and so is what it returns;
- it is composed of the package's private helpers, never of another public service (a
  public service calling another would nest two durable transactions).
"""

import ast
import inspect
import textwrap

import pytest
from django.db import transaction

from tickets import services
from tickets.services import bulk

# Public names that are not services (no write of their own).
NOT_SERVICES = {
    "MAX_REASON",
    "MAX_TEXT",
    "PUBLIC_RESPONSE_MIN",
    "ReplyResult",
    "expecting_version",
    "files_removed_on_rollback",
    "normalize_tag",
    "version_of",
}
# A maintenance task that is not one transaction on purpose: each removal commits alone.
NOT_ATOMIC = {"attachments_sweep"}
# Held by a caller's unit of work that must commit with the ticket it produced or not at
# all: an idempotency key (Mesa ``crear``, Spacebring create and comment) or an inbound
# e-mail's row (mail.inbound). Still each one transaction, composed of private helpers.
NESTABLE = {
    "ticket_comment",
    "ticket_create",
    "ticket_record_system_note",
    "ticket_reply",
    "ticket_requester_reply",
}

PUBLIC = sorted(set(services.__all__) - NOT_SERVICES)
SERVICES = {name: getattr(services, name) for name in PUBLIC}
SERVICES["tickets_bulk_apply"] = bulk.tickets_bulk_apply


def _source(func) -> ast.AST:
    return ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(func))))


def test_the_public_names_are_found():
    assert len(SERVICES) > 30 and "ticket_reply" in SERVICES


@pytest.mark.parametrize(
    "name", sorted(set(SERVICES) - NOT_ATOMIC - NESTABLE - {"tickets_bulk_apply"})
)
def test_a_public_service_refuses_to_run_inside_another_transaction(name, db):
    # Django's test transaction lets a durable block in; one more level must not.
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        SERVICES[name]()


@pytest.mark.parametrize("name", sorted(NESTABLE))
def test_a_nestable_service_runs_inside_its_callers_transaction(name, db):
    # It gets past the transaction (to its missing arguments) where a durable one refuses.
    assert inspect.unwrap(SERVICES[name]) is not SERVICES[name]  # wrapped in its own
    with transaction.atomic(), pytest.raises(TypeError):
        SERVICES[name]()


def test_bulk_work_runs_each_ticket_in_its_own_durable_transaction(db):
    source = inspect.getsource(bulk.tickets_bulk_apply)
    assert "transaction.atomic(durable=True)" in source


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_a_public_service_takes_typed_keyword_only_arguments(name):
    signature = inspect.signature(SERVICES[name])
    for parameter in signature.parameters.values():
        assert parameter.kind == parameter.KEYWORD_ONLY, f"{name}({parameter.name})"
        assert parameter.annotation is not parameter.empty, f"{name}({parameter.name}) untyped"
    assert signature.return_annotation is not signature.empty, f"{name} -> ?"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_a_public_service_calls_no_other_public_service(name):
    called = set()
    for node in ast.walk(_source(SERVICES[name])):
        if isinstance(node, ast.Call):
            func = node.func
            called.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    assert not (called & (set(SERVICES) - {name})), f"{name} calls {called & set(SERVICES)}"
