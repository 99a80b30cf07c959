"""Opening tickets."""

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area, Location, User
from tickets.access import Action, ensure_can
from tickets.errors import ValidationFailed
from tickets.models import ActivityType, Priority, SpacebringType, Status, Ticket, Tipo
from tickets.selectors.lookups import (
    location_or_default,
    membership_of,
    resolve_area,
    resolve_priority,
)
from tickets.services._base import (
    clean_text,
    record,
    set_priority,
)
from tickets.services.attachments import (
    as_list,
    check_count,
    claim_files,
    files_removed_on_rollback,
    store_files,
)
from tickets.sla import clock
from tickets.urgency import Urgency, priority_name_for


def _language(code: str, follows: Ticket | None) -> str:
    if code in dict(settings.LANGUAGES):
        return code
    return follows.requester_language if follows is not None else ""


def create(
    *,
    actor: User | None,
    description: str,
    priority: Priority | str | None = None,
    area: Area | str | None = None,
    location: Location | str | None = None,
    subject: str = "",
    tipo: str = Tipo.SOLICITUD,
    categoria: str = "",
    subcategoria: str = "",
    type: str = SpacebringType.OTHER,  # noqa: A002 - the contract's name
    requester: User | None = None,
    requester_name: str = "",
    requester_email: str = "",
    requester_phone: str = "",
    requester_document: str = "",
    requester_company: str = "",
    requester_whatsapp: bool = False,
    ip: str | None = None,
    uploads: Sequence | None = None,
    attachment_keys: Sequence[str] | None = None,
    urgency: str = "",
    follows: Ticket | None = None,
    requester_language: str = "",
) -> Ticket:
    """Open a ticket: next number of its location, label, SLA due time, ``ticketCreated``
    (with the files sent, ``uploads``, or uploaded before, ``attachment_keys``).

    ``urgency`` is the requester's plain-language answer (``tickets.urgency``): without an
    explicit ``priority`` it picks one, and the history keeps both. ``follows``: the closed,
    cancelled or archived ticket this one continues (a requester answered it); linked, and
    its label recorded as ``follows`` in the ``ticketCreated`` entry. ``requester_language``:
    the language of the page the requester used (one of ``settings.LANGUAGES``, else none);
    a ticket that follows another keeps that one's.

    This is the composable part (inside a transaction of this package's services, e.g. a
    requester's reply to a closed ticket); ``ticket_create`` is the entry point.
    """
    ensure_can(actor, Action.CREATE)
    if requester is not None and (actor is None or requester.pk != actor.pk):
        ensure_can(actor, Action.CREATE_FOR_OTHER)  # naming someone else as the requester
    description = clean_text(description, "description", required=True)
    if urgency and urgency not in Urgency.values:
        raise ValidationFailed.for_field("urgency", _("Choose one of the options."))
    if urgency and priority is None:
        priority = priority_name_for(urgency)
    priority_obj = resolve_priority(
        priority if priority is not None else settings.HELPDESK_DEFAULT_PRIORITY, field="priority"
    )
    area_obj = resolve_area(area, field="area")
    if tipo not in Tipo.values:
        raise ValidationFailed.for_field("tipo", _("'%(v)s' is not a valid kind.") % {"v": tipo})
    if type not in SpacebringType.values:
        raise ValidationFailed.for_field("type", _("'%(v)s' is not a valid type.") % {"v": type})
    if requester is not None:
        requester_name = requester_name or requester.full_name
        requester_email = requester_email or requester.email
        requester_phone = requester_phone or requester.phone
    if not requester_email:
        raise ValidationFailed.for_field("email", _("This field is required."))
    uploads, attachment_keys = as_list(uploads), as_list(attachment_keys)
    check_count(len(uploads) + len(attachment_keys))

    loc = location_or_default(location, field="location")
    loc = Location.objects.select_for_update().get(pk=loc.pk)  # serialises numbering
    loc.last_number += 1
    loc.save(update_fields=["last_number"])

    now = timezone.now()
    ticket = Ticket(
        number=loc.last_number,
        label=f"{loc.label_prefix}-{now.year}-{loc.last_number:05d}",
        location=loc,
        type=type,
        tipo=tipo,
        categoria=(categoria or "").strip(),
        subcategoria=(subcategoria or "").strip(),
        subject=(subject or "").strip(),
        description=description,
        status=Status.NUEVO,
        area=area_obj,
        requester=requester,
        requester_membership=membership_of(requester, loc.pk),
        requester_name=(requester_name or "").strip(),
        requester_email=requester_email.strip().lower(),
        requester_phone=(requester_phone or "").strip(),
        requester_document=(requester_document or "").strip(),
        requester_company=(requester_company or "").strip(),
        requester_whatsapp=bool(requester_whatsapp),
        registration_ip=ip or None,
        follows=follows,
        requester_language=_language(requester_language, follows),
        created_at=now,
        updated_at=now,
        status_updated_at=now,
    )
    set_priority(ticket, priority_obj)
    clock.start(ticket)  # targets and due dates in business time of the area's calendar
    try:
        ticket.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationFailed(exc.message_dict) from None
    ticket.save(force_insert=True)
    data = {"status": ticket.status, "priority": priority_obj.name, "area": area_obj.code}
    if urgency:
        data["urgency"] = urgency
    if follows is not None:
        data["follows"] = follows.label
    activity = record(ticket, actor, ActivityType.TICKET_CREATED, data, public=True, now=now)
    store_files(actor=actor, ticket=ticket, activity=activity, uploads=uploads)
    claim_files(actor=actor, ticket=ticket, activity=activity, keys=attachment_keys)
    return ticket


# The entry point (files removed if it rolls back); an idempotency key or an inbound
# e-mail's row may hold it in their own transaction (``files_removed_on_rollback``).
ticket_create = files_removed_on_rollback(create, durable=False)
ticket_create.__name__ = ticket_create.__qualname__ = "ticket_create"
