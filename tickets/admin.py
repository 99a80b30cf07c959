"""Tickets in the Django admin, decided by ``tickets.permissions``.

ADMIN and MESA see every ticket, AREA agents their area's. Tickets and their history are
read-only here: every change goes through ``tickets.services`` (the portal and the APIs),
so nothing in the admin can skip the state machine or the history.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from tickets.models import Activity, Attachment, Priority, Ticket
from tickets.permissions import Action, can, visible_tickets


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "sla_hours"]
    ordering = ["order"]
    search_fields = ["name"]


class ReadOnlyMixin:
    """Everything read-only; visible to agents the role matrix lets see tickets."""

    def has_module_permission(self, request) -> bool:
        return can(request.user, Action.VIEW)

    def has_view_permission(self, request, obj=None) -> bool:
        if obj is None:
            return can(request.user, Action.VIEW)
        ticket = obj if isinstance(obj, Ticket) else obj.ticket
        return can(request.user, Action.VIEW, ticket)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ActivityInline(ReadOnlyMixin, admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["created_at", "type", "actor_name", "public", "data"]
    readonly_fields = fields
    ordering = ["created_at"]
    can_delete = False

    @admin.display(description=_("actor"))
    def actor_name(self, obj: Activity) -> str:
        snap = obj.actor_snapshot or {}
        return f"{snap.get('nombre') or '—'} ({snap.get('rol') or '—'})"


class AttachmentInline(ReadOnlyMixin, admin.TabularInline):
    """The ticket's files; downloads go through the portal's view (its permission check)."""

    model = Attachment
    extra = 0
    fields = ["created_at", "download", "mime", "size", "public"]
    readonly_fields = fields
    ordering = ["created_at"]
    can_delete = False

    @admin.display(description=_("name"))
    def download(self, obj: Attachment) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("portal:attachment", args=[obj.key]), obj.name
        )


@admin.register(Ticket)
class TicketAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "label",
        "subject",
        "requester_name",
        "priority",
        "status",
        "area",
        "assignee",
        "updated_at",
    ]
    list_filter = ["status", "priority", "area", "tipo", "location"]
    search_fields = ["label", "subject", "description", "requester_name", "requester_email"]
    list_select_related = ["priority", "area", "assignee", "location"]
    date_hierarchy = "created_at"
    inlines = [ActivityInline, AttachmentInline]
    show_full_result_count = False

    def get_queryset(self, request):
        return visible_tickets(request.user, super().get_queryset(request))

    def get_list_filter(self, request):
        if request.user.role == Role.AREA:
            return [f for f in self.list_filter if f != "area"]
        return self.list_filter


@admin.register(Activity)
class ActivityAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "ticket", "type", "public"]
    list_filter = ["type", "public"]
    search_fields = ["ticket__label"]
    list_select_related = ["ticket"]
    show_full_result_count = False

    def get_queryset(self, request):
        tickets = visible_tickets(request.user)
        return super().get_queryset(request).filter(ticket__in=tickets.values("pk"))
