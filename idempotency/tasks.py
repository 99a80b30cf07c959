"""Purge answers older than 24 hours (``CELERY_BEAT_SCHEDULE``: hourly)."""

from celery import shared_task

from idempotency.models import IdempotencyKey


@shared_task(name="idempotency.purge_expired_keys", ignore_result=True)
def purge_expired_keys() -> int:
    deleted, _ = IdempotencyKey.objects.expired().delete()
    return deleted
