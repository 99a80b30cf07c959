"""Periodic work of the domain (``CELERY_BEAT_SCHEDULE`` in settings)."""

from celery import shared_task

from tickets import services


@shared_task(name="tickets.tasks.attachments_sweep")
def attachments_sweep() -> dict:
    """Uploads never referenced and files orphaned by a rolled-back transaction."""
    return services.attachments_sweep()
