"""Whatever a caller passes, a service answers with a domain error, never a bare exception."""

import pytest

from tickets import services
from tickets.errors import ValidationFailed

CALLS = {
    "create_description_number": lambda t, u: services.ticket_create(
        actor=None, description=12345, priority="MEDIA", requester_email="a@b.co"
    ),
    "create_priority_number": lambda t, u: services.ticket_create(
        actor=None, description="Algo pasa", priority=7, requester_email="a@b.co"
    ),
    "update_status_empty": lambda t, u: services.ticket_update(actor=u, ticket=t, status=""),
    "update_response_list": lambda t, u: services.ticket_update(
        actor=u, ticket=t, status="EN_PROCESO", response=["x"]
    ),
    "pause_reason_dict": lambda t, u: services.ticket_pause(actor=u, ticket=t, reason={"a": 1}),
    "assign_unknown_id": lambda t, u: services.ticket_assign(
        actor=u, ticket=t, assignee="3c90c3cc-0d44-4b50-8888-8dd25736052a"
    ),
    "assign_garbage": lambda t, u: services.ticket_assign(actor=u, ticket=t, assignee="nadie"),
    "transfer_area_number": lambda t, u: services.ticket_transfer(actor=u, ticket=t, area=42),
    "reclassify_priority_none": lambda t, u: services.ticket_reclassify(
        actor=u, ticket=t, priority=None
    ),
    "comment_attachments_number": lambda t, u: services.ticket_comment(
        actor=u, ticket=t, text="Hola", uploads=5
    ),
    "comment_text_number": lambda t, u: services.ticket_comment(actor=u, ticket=t, text=3.14),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_bad_input_raises_validation_failed_and_writes_nothing(ticket, mesa_user, name):
    before = ticket.activities.count()
    with pytest.raises(ValidationFailed) as exc:
        CALLS[name](ticket, mesa_user)
    assert exc.value.errors
    assert ticket.activities.count() == before


def test_assign_accepts_an_agent_by_email(ticket, mesa_user, area_a_user):
    services.ticket_assign(actor=mesa_user, ticket=ticket, assignee=area_a_user.email)
    ticket.refresh_from_db()
    assert ticket.assignee == area_a_user
