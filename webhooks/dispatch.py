"""Queue a delivery without ever holding the caller on the receiver (``core.background``).

With a broker (``REDIS_URL``) the ``webhooks.deliver`` task goes to
``HELPDESK_WEBHOOK_QUEUE``. Without one (``make run``: Celery eager), its single attempt
runs in a background thread of this process, so a request still never waits on a webhook;
retries then need a worker and beat. A failure to queue is logged (``core.broker``): the
row stays pending and ``webhooks.retry_due`` sends it.

The task is named, not imported: ``webhooks.tasks`` queues the next delivery through here.
"""

from django.conf import settings

from core import background

DELIVER = "webhooks.deliver"


def enqueue(delivery_id, *, countdown: int | None = None) -> None:
    background.enqueue(
        DELIVER, str(delivery_id), queue=settings.HELPDESK_WEBHOOK_QUEUE, countdown=countdown
    )
