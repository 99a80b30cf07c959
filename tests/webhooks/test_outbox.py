"""Ticket events become delivery rows in the change's own transaction (outbox), shaped as
the Spacebring ticket and activity, only for the active endpoints of the ticket's network
that subscribed to that event type; queued after the commit only."""

from datetime import timedelta

import pytest
from django.db import transaction

from tests.api.spacebring.conftest import SPEC_DOC, _nullable_aware
from tickets import events, services
from webhooks import dispatch
from webhooks.models import Delivery
from webhooks.outbox import write_deliveries

pytestmark = pytest.mark.django_db


def _validate(component: str, value) -> None:
    import jsonschema

    schema = _nullable_aware(
        {"$ref": f"#/components/schemas/{component}", "components": SPEC_DOC["components"]}
    )
    jsonschema.validate(value, schema, format_checker=jsonschema.FormatChecker())


def types_of(endpoint) -> list[str]:
    return list(
        Delivery.objects.filter(endpoint=endpoint)
        .order_by("created_at")
        .values_list("event_type", flat=True)
    )


def test_every_subscribed_event_writes_one_delivery_in_contract_shape(
    endpoint, make_ticket, admin_user, area_a_user, area_b
):
    ticket = make_ticket()
    services.ticket_assign(actor=admin_user, ticket=ticket, assignee=area_a_user)
    services.ticket_comment(actor=admin_user, ticket=ticket, text="Ya vamos")
    services.ticket_transfer(actor=admin_user, ticket=ticket, area=area_b)  # internal: none
    services.ticket_change_status(actor=admin_user, ticket=ticket, status="RESUELTO")
    assert types_of(endpoint) == [
        "ticket.created",
        "ticket.assignee_updated",
        "ticket.comment_created",
        "ticket.status_updated",
    ]
    for delivery in Delivery.objects.filter(endpoint=endpoint):
        envelope = delivery.envelope()
        assert set(envelope) == {"id", "type", "createdAt", "networkId", "data"}
        assert envelope["id"] == str(delivery.id)
        assert envelope["networkId"] == str(endpoint.network_id)
        assert set(envelope["data"]) == {"ticket", "activity"}
        _validate("ticket", envelope["data"]["ticket"])
        _validate("ticketActivity", envelope["data"]["activity"])
        assert envelope["data"]["ticket"]["id"] == str(ticket.pk)
    comment = Delivery.objects.get(event_type="ticket.comment_created")
    assert comment.payload["activity"]["data"]["text"] == "Ya vamos"
    status = Delivery.objects.get(event_type="ticket.status_updated")
    assert status.payload["activity"]["data"]["status"] == "solved"
    assert status.payload["activity"]["data"]["previousAttributes"] == {"status": "inProgress"}
    assert status.payload["ticket"]["status"] == "solved"


def test_only_subscribed_active_endpoints_of_the_tickets_network_get_it(
    make_endpoint, receiver, make_ticket, other_location
):
    wanted = make_endpoint(receiver.url, events=["ticket.created"])
    other_type = make_endpoint(receiver.url, events=["ticket.comment_created"])
    inactive = make_endpoint(receiver.url, active=False)
    other_network = make_endpoint(receiver.url, net=other_location.network)
    make_ticket()
    assert types_of(wanted) == ["ticket.created"]
    for endpoint in (other_type, inactive, other_network):
        assert types_of(endpoint) == []


def test_a_change_that_rolls_back_leaves_no_delivery(endpoint, make_ticket):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_ticket()
        assert Delivery.objects.count() == 1  # written inside the transaction
        raise RuntimeError("the change fails after its history entry")
    assert Delivery.objects.count() == 0


def test_update_without_a_status_change_is_not_a_status_event(endpoint, ticket, admin_user):
    services.ticket_update(actor=admin_user, ticket=ticket, priority="ALTA")
    assert types_of(endpoint) == ["ticket.created"]


def test_a_status_change_spacebring_does_not_see_is_not_an_event(
    endpoint, ticket, admin_user, area_a_user
):
    services.ticket_assign(actor=admin_user, ticket=ticket, assignee=area_a_user)
    services.ticket_change_status(actor=admin_user, ticket=ticket, status="EN_PROCESO")
    # ASIGNADO -> EN_PROCESO reads inProgress -> inProgress on that face: nothing to tell.
    assert types_of(endpoint) == ["ticket.created", "ticket.assignee_updated"]


def test_sla_alerts_send_no_webhook(endpoint, ticket):
    late = ticket.sla_due_at + timedelta(hours=1)
    assert services.ticket_record_sla_alert(ticket_id=ticket.pk, kind="breach", now=late)
    assert types_of(endpoint) == ["ticket.created"]


def test_rows_are_queued_only_after_the_commit(
    endpoint, make_ticket, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(dispatch, "enqueue", lambda pk, **kw: queued.append(str(pk)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_ticket()
    assert queued == []
    for callback in callbacks:
        callback()
    assert queued == [str(Delivery.objects.get().pk)]


def test_no_endpoint_costs_one_query_per_history_entry(ticket, django_assert_num_queries):
    activity = ticket.activities.get()
    event = events.TicketEvent(
        kind="comment",
        ticket_id=str(ticket.pk),
        activity_id=activity.pk,
        actor_id=None,
        public=True,
    )
    with django_assert_num_queries(1):
        write_deliveries(event)
    assert not Delivery.objects.exists()
