"""Every periodic entry in ``CELERY_BEAT_SCHEDULE`` names a task the worker has, on a
one-minute schedule (SLA alerts, webhook retries)."""

from django.conf import settings

from helpdesk.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"tickets.sla_alerts", "webhooks.retry_due"} <= names
    assert names <= set(app.tasks)


def test_sla_and_webhook_sweeps_run_every_minute():
    for key in ("tickets-sla-alerts", "webhooks-retry-due"):
        assert settings.CELERY_BEAT_SCHEDULE[key]["schedule"] == 60.0
