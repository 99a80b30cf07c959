"""Business calendars and SLA policies in the admin: ADMIN only; a calendar is saved with
its working hours and holidays as inlines, and queues one recomputation."""

import pytest
from django.urls import reverse

from accounts.models import BusinessCalendar
from tests.conftest import PASSWORD
from tickets.models import SlaPolicy
from tickets.sla import schedule

INLINES = {
    "intervals-TOTAL_FORMS": "2",
    "intervals-INITIAL_FORMS": "0",
    "intervals-0-weekday": "0",
    "intervals-0-start": "08:00",
    "intervals-0-end": "14:00",
    "intervals-1-weekday": "0",
    "intervals-1-start": "15:00",
    "intervals-1-end": "00:00",
    "holidays-TOTAL_FORMS": "1",
    "holidays-INITIAL_FORMS": "0",
    "holidays-0-date": "2026-12-25",
    "holidays-0-name": "Navidad",
    "holidays-0-yearly": "on",
}


def login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("mesa", 403), ("area_own", 403)])
def test_calendars_and_policies_are_for_admins(client, users, role, status):
    login(client, users[role])
    for name in ("accounts_businesscalendar_add", "tickets_slapolicy_add"):
        assert client.get(reverse(f"admin:{name}")).status_code == status


def test_a_calendar_is_saved_with_its_hours_and_holidays(
    client, users, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(schedule, "enqueue", queued.append)
    login(client, users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_businesscalendar_add"),
            {"name": "Oficina", "time_zone": "Europe/Madrid", **INLINES},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    calendar = BusinessCalendar.objects.get(name="Oficina")
    assert [i.minutes for i in calendar.intervals.all()] == [(480, 840), (900, 1440)]
    assert calendar.holidays.get().yearly
    assert queued == []  # no area uses it yet: nothing to recompute


def test_an_unknown_time_zone_and_a_backwards_interval_are_refused(client, users):
    login(client, users["admin"])
    data = {"name": "Mal", "time_zone": "Marte/Olympus", **INLINES}
    data["intervals-0-end"] = "07:00"
    response = client.post(reverse("admin:accounts_businesscalendar_add"), data)
    assert response.status_code == 200
    assert not BusinessCalendar.objects.filter(name="Mal").exists()
    errors = str(response.context["errors"])
    assert "Marte/Olympus" in errors


def test_a_policy_is_saved(client, users, priorities):
    login(client, users["admin"])
    response = client.post(
        reverse("admin:tickets_slapolicy_add"),
        {"priority": priorities["ALTA"].pk, "first_response_minutes": "30"},
    )
    assert response.status_code == 302
    policy = SlaPolicy.objects.get()
    assert (policy.first_response_minutes, policy.resolution_hours) == (30, None)


@pytest.mark.django_db
def test_the_calendar_page_says_what_a_calendar_without_working_hours_means(client, admin_user):
    login(client, admin_user)
    calendar = BusinessCalendar.objects.create(name="Sin horario")
    page = client.get(reverse("admin:accounts_businesscalendar_change", args=[calendar.pk]))
    assert page.status_code == 200
    assert "Un calendario sin horario laboral cuenta todas las horas (24×7" in page.content.decode()
