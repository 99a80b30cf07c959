"""Background work (Celery; helpdesk/celery.py) and the one beat schedule (``make beat``).

Redis is the broker when REDIS_URL is set; otherwise tasks run eagerly in-process.
"""

from core.env import env, env_float
from helpdesk.settings.base import REDIS_URL, TIME_ZONE
from helpdesk.settings.mail import HELPDESK_IMAP_POLL_SECONDS

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is delivered again: tasks are idempotent
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing never retries and never waits long: core.broker.publish gives up after
# BROKER_PUBLISH_TIMEOUT seconds (connect and each read) on a broker that is down or hung,
# then skips it for a few seconds; the sweeps re-queue what could not be published. Workers
# reconnect on their own.
HELPDESK_BROKER_PUBLISH_TIMEOUT = env_float("BROKER_PUBLISH_TIMEOUT", 0.5)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "max_retries": 0,
    "socket_connect_timeout": 2,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "celery")

# Periodic work run by `make beat`: every entry of every app, here and nowhere else.
CELERY_BEAT_SCHEDULE = {
    # SLA alerts (tickets/tasks.py): breaching soon / breached, once per ticket per kind.
    "tickets-sla-alerts": {"task": "tickets.sla_alerts", "schedule": 60.0},
    # Solved tickets nobody confirmed or reopened in HELPDESK_AUTOCLOSE86400.0S (desk.py).
    "tickets-autoclose-solved": {
        "task": "tickets.tasks.autoclose_solved_tickets",
        "schedule": 3600.0,
    },
    # Uploads never referenced in HELPDESK_ATTACHMENT_PENDING3600.0S (files.py).
    "attachments-sweep": {"task": "tickets.tasks.attachments_sweep", "schedule": 3600.0},
    # Webhook deliveries due for a retry, or whose message was lost (webhooks/tasks.py).
    "webhooks-retry-due": {"task": "webhooks.retry_due", "schedule": 60.0},
    # mail: send outbox rows whose hand-off to the broker was lost; read the IMAP mailbox.
    "mail-sweep-outbox": {"task": "mail.sweep_outbox", "schedule": 60.0},
    "mail-poll-imap": {"task": "mail.poll_imap", "schedule": float(HELPDESK_IMAP_POLL_SECONDS)},
    "idempotency-purge": {"task": "idempotency.purge_expired_keys", "schedule": 3600.0},
    "credentials-purge": {"task": "accounts.purge_expired_credentials", "schedule": 86400.0},
    # Safety net for digests whose queued task was lost (broker restart, worker killed).
    "notification-digests": {
        "task": "notifications.tasks.send_pending_digests",
        "schedule": 60.0,
    },
}
