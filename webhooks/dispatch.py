"""Queue a delivery without ever holding the caller on the receiver.

With a broker (``REDIS_URL``) the task goes to ``HELPDESK_WEBHOOK_QUEUE``. Without one
(``make run``: Celery eager), the single attempt runs in a background thread of this
process, so a request still never waits on a webhook; retries then need a worker and beat.
A failure to queue is logged: the row stays pending and ``webhooks.retry_due`` sends it.
"""

import logging
import threading

from celery import current_app
from django.conf import settings
from django.db import connection

from core import broker

logger = logging.getLogger(__name__)


def _attempt_in_thread(delivery_id: str) -> None:
    from webhooks.tasks import attempt

    try:
        attempt(delivery_id)
    except Exception:  # noqa: BLE001 - a background thread has no caller to tell
        logger.exception("webhook delivery %s failed in the background", delivery_id)
    finally:
        connection.close()


def enqueue(delivery_id, *, countdown: int | None = None) -> None:
    delivery_id = str(delivery_id)
    if current_app.conf.task_always_eager:
        thread = threading.Thread(
            target=_attempt_in_thread, args=(delivery_id,), name="webhook-delivery", daemon=True
        )
        thread.start()
        return
    from webhooks.tasks import deliver

    # A broker outage never holds the caller: the row stays pending and retry_due resends.
    broker.publish(
        deliver, (delivery_id,), queue=settings.HELPDESK_WEBHOOK_QUEUE, countdown=countdown
    )
