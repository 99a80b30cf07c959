"""The history is append-only."""

import pytest

from tickets.models import Activity


def test_activity_cannot_be_edited(ticket):
    activity = ticket.activities.get()
    activity.data = {"status": "RESUELTO"}
    with pytest.raises(RuntimeError):
        activity.save()
    activity.refresh_from_db()
    assert activity.data["status"] == "NUEVO"


def test_activity_cannot_be_deleted(ticket):
    with pytest.raises(RuntimeError):
        ticket.activities.get().delete()
    assert Activity.objects.filter(ticket=ticket).count() == 1
