"""The Celery application.

With ``REDIS_URL`` set, Redis is the broker and ``make worker`` / ``make beat`` run the
worker and the scheduler. Without it (``make run``, SQLite, tests) tasks run eagerly in
the calling process (``CELERY_TASK_ALWAYS_EAGER``), so nothing else needs to be started.
Tasks are discovered in each installed app's ``tasks`` module.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")

app = Celery("helpdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
