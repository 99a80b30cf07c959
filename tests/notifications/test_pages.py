"""The notifications page (newest first, keyset pages, open marks read, mark all read) and
the settings page; agents only."""

import pytest
from django.urls import reverse

from notifications.models import Kind, Notification, Preference
from tickets import services

pytestmark = pytest.mark.django_db


def _mention(users, ticket, n):
    for i in range(n):
        services.ticket_comment(
            actor=users["mesa"],
            ticket=ticket,
            text=f"@{users['area_own'].email} nota {i}",
            public=False,
        )


def test_list_is_newest_first_in_keyset_pages_with_fixed_queries(
    client_for, users, ticket, django_assert_max_num_queries
):
    _mention(users, ticket, 30)
    client = client_for("area_own")
    client.get(reverse("notifications:list"))  # warm the session
    with django_assert_max_num_queries(6):
        first = client.get(reverse("notifications:list"))
    notes = first.context["notes"]
    assert len(notes) == 25
    stamps = [(n.created_at, n.pk) for n in notes]
    assert stamps == sorted(stamps, reverse=True)
    second = client.get(reverse("notifications:list"), {"before": first.context["next_cursor"]})
    rest = second.context["notes"]
    assert len(rest) == 5
    assert not {n.pk for n in rest} & {n.pk for n in notes}
    assert second.context["next_cursor"] is None


def test_opening_one_marks_it_read_and_goes_to_the_ticket(client_for, users, ticket):
    _mention(users, ticket, 1)
    note = Notification.objects.get()
    response = client_for("area_own").get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:ticket", args=[ticket.pk])
    note.refresh_from_db()
    assert note.read_at is not None


def test_nobody_opens_someone_elses_notification(client_for, users, ticket):
    _mention(users, ticket, 1)
    note = Notification.objects.get()
    assert client_for("admin").get(reverse("notifications:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None  # still unread for its recipient


def test_mark_all_read(client_for, users, ticket):
    _mention(users, ticket, 3)
    client = client_for("area_own")
    assert client.post(reverse("notifications:read_all")).status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_settings_page_saves_email_kinds_and_new_ticket_opt_in(client_for, users):
    client = client_for("area_own")
    page = client.get(reverse("notifications:profile"))
    assert page.status_code == 200
    response = client.post(
        reverse("notifications:profile"),
        {"new_tickets": "on", "email_kinds": [Kind.MENTIONED, Kind.ASSIGNED]},
    )
    assert response.status_code == 302
    pref = Preference.objects.get(user=users["area_own"])
    assert pref.new_tickets is True
    assert sorted(pref.email_kinds) == sorted([Kind.MENTIONED, Kind.ASSIGNED])


def test_bad_settings_are_a_400(client_for):
    response = client_for("mesa").post(reverse("notifications:profile"), {"email_kinds": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors["email_kinds"]
    assert not Preference.objects.exists()


@pytest.mark.parametrize("role", ["usuario"])
def test_requesters_have_no_notifications_pages(client_for, role):
    for name in ("notifications:list", "notifications:profile"):
        response = client_for(role).get(reverse(name))
        assert response.status_code == 403
        assert "403.html" in [t.name for t in response.templates]
