"""A portal 403 is the permission rules working: one INFO line on ``django.request`` (method,
path, status), never a WARNING with a full traceback."""

import logging

from django.urls import reverse


def test_a_portal_403_logs_one_info_line_without_traceback(client_for, ticket, caplog):
    client = client_for("area_other")
    with caplog.at_level(logging.DEBUG, logger="django.request"):
        response = client.get(reverse("portal:ticket", args=[ticket.pk]))

    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    (record,) = records
    assert record.levelno == logging.INFO
    assert record.exc_info is None and record.exc_text is None
    assert str(ticket.pk) in record.getMessage()
    assert "Traceback" not in caplog.text


def test_a_server_error_still_logs_its_traceback(client_for, caplog, monkeypatch):
    from django.test import Client

    monkeypatch.setattr(
        "portal.views.dashboard.DashboardView.get",
        lambda *a, **k: 1 / 0,
    )
    client = client_for("mesa")
    raw = Client(raise_request_exception=False)
    raw.cookies = client.cookies
    with caplog.at_level(logging.INFO, logger="django.request"):
        assert raw.get("/portal/").status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR and record.exc_info is not None
