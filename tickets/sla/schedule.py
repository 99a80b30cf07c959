"""Queue the recomputation of open tickets after a calendar, policy or priority change.

Receivers of the models' saves and deletes (connected in ``TicketsConfig.ready``) ask for
one recomputation per transaction and scope (the areas concerned, or all), queued after
the commit: the admin's save of a calendar with its inlines queues one task, not one per
row. With a broker the Celery task ``tickets.tasks.sla_recompute_open`` runs it on a
worker; without one (``CELERY_TASK_ALWAYS_EAGER``) a background thread of this process
does, so the admin's request never waits for it (both through ``core.background``).
"""

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from accounts.models import Area, BusinessCalendar, Holiday, WorkingInterval
from core import background
from tickets.models import Priority, SlaPolicy
from tickets.sla.calendars import forget_calendars
from tickets.tasks import sla_recompute_open

logger = logging.getLogger(__name__)


def run_in_background(area_ids) -> None:
    background.run_in_thread(sla_recompute_open, area_ids)


def enqueue(area_ids) -> None:
    # Never fails the admin's save: a broker that is down is logged here and by core.broker.
    if not background.enqueue(sla_recompute_open, area_ids, local=run_in_background):
        logger.error("could not queue the SLA recomputation: run it once the broker is back")


def schedule_recompute(area_ids: list | None = None) -> None:
    """Recompute the open tickets of ``area_ids`` (``None``: every area) after the commit."""
    scope = None if area_ids is None else tuple(sorted(area_ids))
    if scope == ():
        return  # a calendar no area uses
    conn = transaction.get_connection()
    if conn.in_atomic_block:
        for _sids, func, _robust in conn.run_on_commit:
            queued = getattr(func, "sla_scope", False)
            if queued is None or queued == scope:
                return  # already queued in this transaction (or everything is)
    job = partial(enqueue, None if scope is None else list(scope))
    job.sla_scope = scope
    transaction.on_commit(job)


def _calendar_scope(calendar) -> list | None:
    if calendar is None or calendar.is_default:
        return None  # the default calendar: every area without one of its own
    return list(calendar.areas.values_list("pk", flat=True))


def _forget_calendars() -> None:
    """The cached engine calendars (``calendars.engine_calendars``) are stale: now (this
    process, this transaction) and after the commit (another process may have cached the
    old rows meanwhile)."""
    forget_calendars()
    transaction.on_commit(forget_calendars)


def _calendar_changed(sender, instance, **kwargs) -> None:
    _forget_calendars()
    calendar = instance if sender.__name__ == "BusinessCalendar" else _parent(instance)
    schedule_recompute(_calendar_scope(calendar))


def _parent(row):
    try:
        return row.calendar
    except Exception:  # noqa: BLE001 - deleted together with its calendar
        return None


def _policy_loading(sender, instance, **kwargs) -> None:
    if instance.pk:
        before = sender.objects.filter(pk=instance.pk).values_list("area_id", flat=True)
        instance._area_before = next(iter(before), instance.area_id)


def _policy_changed(sender, instance, **kwargs) -> None:
    """The tickets of the policy's area — and of the area it left when it was moved
    (they fall back to another policy) — or all of them for a general policy."""
    areas = {instance.area_id, getattr(instance, "_area_before", instance.area_id)}
    schedule_recompute(None if None in areas else sorted(areas))


def _priority_changed(sender, instance, created=False, **kwargs) -> None:
    if not created and getattr(instance, "_sla_hours_before", None) != instance.sla_hours:
        schedule_recompute(None)


def _priority_loading(sender, instance, **kwargs) -> None:
    if instance.pk:
        before = sender.objects.filter(pk=instance.pk).values_list("sla_hours", flat=True)
        instance._sla_hours_before = next(iter(before), None)


def _area_loading(sender, instance, **kwargs) -> None:
    if instance.pk:
        before = sender.objects.filter(pk=instance.pk).values_list("calendar_id", flat=True)
        instance._calendar_before = next(iter(before), None)


def _area_changed(sender, instance, created=False, **kwargs) -> None:
    if not created and getattr(instance, "_calendar_before", None) != instance.calendar_id:
        _forget_calendars()
        schedule_recompute([instance.pk])


def connect() -> None:
    for model in (BusinessCalendar, WorkingInterval, Holiday):
        post_save.connect(_calendar_changed, sender=model, dispatch_uid=f"sla-{model.__name__}")
        post_delete.connect(
            _calendar_changed, sender=model, dispatch_uid=f"sla-del-{model.__name__}"
        )
    pre_save.connect(_policy_loading, sender=SlaPolicy, dispatch_uid="sla-pre-policy")
    post_save.connect(_policy_changed, sender=SlaPolicy, dispatch_uid="sla-policy")
    post_delete.connect(_policy_changed, sender=SlaPolicy, dispatch_uid="sla-del-policy")
    pre_save.connect(_priority_loading, sender=Priority, dispatch_uid="sla-pre-priority")
    post_save.connect(_priority_changed, sender=Priority, dispatch_uid="sla-priority")
    pre_save.connect(_area_loading, sender=Area, dispatch_uid="sla-pre-area")
    post_save.connect(_area_changed, sender=Area, dispatch_uid="sla-area")
