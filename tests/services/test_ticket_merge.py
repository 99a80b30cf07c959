"""ticket_merge: a duplicate into the ticket that goes on."""

import pytest
from django.core import mail

from tickets import services
from tickets.errors import (
    InvalidTransition,
    NotAllowed,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from tickets.models import ActivityType, Status, Ticket

# role -> may merge two tickets of area A
MERGE = {"admin": True, "mesa": True, "area_own": True, "area_other": False, "usuario": False}


@pytest.fixture
def pair(make_ticket):
    duplicate = make_ticket(requester_email="pedro@example.com", requester_name="Pedro")
    survivor = make_ticket()
    return duplicate, survivor


@pytest.mark.parametrize(("role", "allowed"), list(MERGE.items()))
def test_merge_follows_the_role_matrix(users, pair, role, allowed):
    duplicate, survivor = pair
    if not allowed:
        with pytest.raises(NotAllowed):
            services.ticket_merge(actor=users[role], source_id=duplicate.pk, target_id=survivor.pk)
        duplicate.refresh_from_db()
        assert duplicate.status == Status.NUEVO and duplicate.merged_into is None
        return
    assert (
        services.ticket_merge(actor=users[role], source_id=duplicate.pk, target_id=survivor.pk)
        == survivor
    )
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Status.CANCELADO, survivor)


def test_the_duplicate_gets_a_public_change_a_public_entry_and_an_internal_note(users, pair):
    duplicate, survivor = pair
    services.ticket_merge(actor=users["mesa"], source_id=duplicate.pk, target_id=survivor.pk)
    change, told, note = duplicate.activities.order_by("created_at")[1:]
    assert (change.type, change.public, change.data["status"]) == (
        ActivityType.STATUS_UPDATED,
        True,
        "CANCELADO",
    )
    assert change.data["mergedInto"] == survivor.label
    assert told.public and survivor.label in told.data["text"]
    assert not note.public and note.data["mergedInto"] == survivor.label
    (target_note,) = survivor.activities.filter(type="comment")
    assert not target_note.public
    assert target_note.data["mergedFrom"] == duplicate.label
    assert duplicate.label in target_note.data["text"]


def test_the_requester_of_the_duplicate_is_told_by_mail(
    users, pair, django_capture_on_commit_callbacks, send_queued_mail
):
    duplicate, survivor = pair
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_merge(actor=users["mesa"], source_id=duplicate.pk, target_id=survivor.pk)
    sent = send_queued_mail()
    to_pedro = [m for m in sent if "pedro@example.com" in m.to]
    assert len(to_pedro) == 1
    assert survivor.label in to_pedro[0].body
    assert not [m for m in sent if "laura@example.com" in m.to]  # the survivor's requester


def test_tickets_of_another_area_cannot_be_merged_by_an_area_agent(users, make_ticket, area_b):
    own = make_ticket()
    other = make_ticket(area=area_b)
    for source, target in ((own, other), (other, own)):
        with pytest.raises(NotAllowed):
            services.ticket_merge(actor=users["area_own"], source_id=source.pk, target_id=target.pk)
    assert not Ticket.objects.filter(merged_into__isnull=False).exists()


def test_a_ticket_is_not_merged_into_itself(users, ticket):
    with pytest.raises(ValidationFailed):
        services.ticket_merge(actor=users["mesa"], source_id=ticket.pk, target_id=ticket.pk)


def test_merging_into_a_cancelled_ticket_is_refused(users, pair):
    duplicate, survivor = pair
    services.ticket_cancel(actor=users["mesa"], ticket=survivor)
    with pytest.raises(InvalidTransition):
        services.ticket_merge(actor=users["mesa"], source_id=duplicate.pk, target_id=survivor.pk)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.NUEVO


def test_a_merged_ticket_cannot_be_merged_again(users, pair, make_ticket):
    duplicate, survivor = pair
    services.ticket_merge(actor=users["mesa"], source_id=duplicate.pk, target_id=survivor.pk)
    with pytest.raises(InvalidTransition):
        services.ticket_merge(
            actor=users["mesa"], source_id=duplicate.pk, target_id=make_ticket().pk
        )


def test_an_unknown_ticket_is_not_found(users, ticket):
    with pytest.raises(NotFound):
        services.ticket_merge(actor=users["mesa"], source_id=ticket.pk, target_id="nope")


def test_the_version_checked_is_the_duplicates_only(users, pair):
    """The page of the duplicate sends its own version: the other ticket's differs."""
    duplicate, survivor = pair
    services.ticket_comment(actor=users["mesa"], ticket=survivor, text="Otra versión")
    stale = services.version_of(duplicate)
    services.ticket_comment(actor=users["mesa"], ticket=duplicate, text="Cambió después")
    with services.expecting_version(stale), pytest.raises(StaleVersion):
        services.ticket_merge(actor=users["mesa"], source_id=duplicate.pk, target_id=survivor.pk)
    duplicate.refresh_from_db()
    with services.expecting_version(services.version_of(duplicate)):
        services.ticket_merge(actor=users["mesa"], source_id=duplicate.pk, target_id=survivor.pk)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Status.CANCELADO, survivor)
