"""Tickets in the Django admin, decided by ``tickets.access``.

ADMIN and MESA see every ticket, AREA agents their area's. Tickets and their history are
read-only here: every change goes through ``tickets.services`` (the portal and the APIs),
so nothing in the admin can skip the state machine or the history.

Both changelists stay flat on a huge table: keyset pages (newest / newer / older /
oldest, ``core.keyset``) instead of counted, offset pages; no full count, no date
hierarchy (it scans every date); the ticket search is ``selectors.ticket_search``
(full-text and trigram indexes on PostgreSQL), the history search goes through it too.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core import keyset
from tickets import selectors
from tickets.access import Action, can, sight, visible_areas_q, visible_tickets
from tickets.errors import ValidationFailed
from tickets.models import (
    Activity,
    Attachment,
    Macro,
    Priority,
    SlaPolicy,
    Tag,
    Ticket,
    TicketTag,
)
from tickets.services.placeholders import check_template
from tickets.services.tags import normalize_tag

KEYSET_PARAMS = (keyset.AFTER, keyset.BEFORE, keyset.LAST)


class KeysetChangeList(ChangeList):
    """One page by seek, never a count: ``result_count`` is the rows on this page."""

    def get_results(self, request):
        cursor = getattr(request, "keyset_cursor", {})
        page = keyset.page(
            self.queryset,
            size=self.list_per_page,
            after=cursor.get(keyset.AFTER),
            before=cursor.get(keyset.BEFORE),
            last=bool(cursor.get(keyset.LAST)),
        )
        self.keyset = page
        self.result_list = page.rows
        self.result_count = len(page.rows)
        self.full_result_count = None
        self.show_full_result_count = False
        self.show_admin_actions = True
        self.can_show_all = False
        self.multi_page = page.has_other_pages
        self.paginator = self.model_admin.get_paginator(request, page.rows, self.list_per_page)
        self.keyset_first = self.get_query_string(remove=KEYSET_PARAMS)
        self.keyset_last = self.get_query_string({keyset.LAST: 1}, remove=KEYSET_PARAMS)
        self.keyset_newer = self.get_query_string({keyset.BEFORE: page.newer}, KEYSET_PARAMS)
        self.keyset_older = self.get_query_string({keyset.AFTER: page.older}, KEYSET_PARAMS)


class KeysetAdminMixin:
    """Keyset changelist for a huge table (see ``KeysetChangeList``)."""

    change_list_template = "admin/tickets/keyset_change_list.html"
    show_full_result_count = False
    sortable_by = ()  # one order, the one its index serves
    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        return KeysetChangeList

    def changelist_view(self, request, extra_context=None):
        # The cursor is not a field lookup: take it out before the changelist reads filters.
        request.keyset_cursor = {k: request.GET.get(k) for k in KEYSET_PARAMS}
        if any(request.keyset_cursor.values()):
            query = request.GET.copy()
            for name in KEYSET_PARAMS:
                query.pop(name, None)
            request.GET = query
        return super().changelist_view(request, extra_context)


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "sla_hours"]
    ordering = ["order"]
    search_fields = ["name"]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    """Targets per priority (and area); a change recomputes the open tickets' due dates in
    the background (``tickets.sla.schedule``)."""

    list_display = ["priority", "area", "first_response_minutes", "resolution_hours"]
    list_filter = ["priority", "area"]
    list_select_related = ["priority", "area"]
    exclude = ["updated_at"]


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


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name"]

    def clean_name(self):
        try:
            return normalize_tag(self.cleaned_data["name"], field="name")
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.errors["name"][0]) from None


class TicketTagInline(ReadOnlyMixin, admin.TabularInline):
    """The ticket's tags (added and removed in the portal: each change is in the history)."""

    model = TicketTag
    extra = 0
    fields = ["tag", "added_by", "created_at"]
    readonly_fields = fields
    ordering = ["tag__name"]
    can_delete = False
    verbose_name_plural = _("tags")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags are free-form: agents make them by tagging. ADMIN may rename or delete one
    (deleting takes it off every ticket); any agent who sees tickets may list them."""

    list_display = ["name", "created_at"]
    search_fields = ["name"]
    ordering = ["name"]
    fields = ["name", "created_at"]
    readonly_fields = ["created_at"]

    form = TagForm

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        # Tag names span every area: the service desk's to see, not one area's agents.
        return can(request.user, Action.ASSIGN)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.role == Role.ADMIN

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)


@admin.register(Ticket)
class TicketAdmin(KeysetAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "label",
        "subject",
        "requester_name",
        "priority",
        "status",
        "area",
        "assignee",
        "tag_list",
        "updated_at",
    ]
    list_filter = ["status", "priority", "area", "tipo", "location"]
    search_fields = ["label", "subject", "description", "requester_name", "requester_email"]
    list_select_related = ["priority", "area", "assignee", "location"]
    ordering = ["-created_at", "-id"]
    inlines = [TicketTagInline, ActivityInline, AttachmentInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request).prefetch_related("tags")
        return visible_tickets(request.user, qs)

    @admin.display(description=_("tags"))
    def tag_list(self, obj: Ticket) -> str:
        return ", ".join(tag.name for tag in obj.tags.all()) or "—"

    def get_search_results(self, request, queryset, search_term):
        return selectors.ticket_search(queryset, search_term), False

    def get_list_filter(self, request):
        if not sight(request.user).everything:  # one area: nothing to filter by
            return [f for f in self.list_filter if f != "area"]
        return self.list_filter


@admin.register(Activity)
class ActivityAdmin(KeysetAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "ticket", "type", "public"]
    list_filter = ["type", "public"]
    search_fields = ["ticket__label"]
    list_select_related = ["ticket"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self, request):
        # ``visible_tickets``' rule on the ticket's area: no semi-join over every ticket.
        qs = super().get_queryset(request)
        return qs.filter(visible_areas_q(request.user, field="ticket__area_id"))

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        tickets = selectors.ticket_search(Ticket.objects.all(), search_term)
        return queryset.filter(ticket__in=tickets.values("pk")), False


class MacroAdminForm(forms.ModelForm):
    """The placeholder rule of the portal's macro pages (``services.placeholders``)."""

    class Meta:
        model = Macro
        fields = [
            "name", "body", "area_scope", "set_status", "set_pause_kind", "set_priority",
            "set_area", "note",
        ]  # fmt: skip

    def clean(self):
        data = super().clean()
        for name in ("body", "note"):
            try:
                check_template(data.get(name) or "", name)
            except ValidationFailed as exc:
                self.add_error(name, exc.errors[name])
        return data


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    """Macros as configuration (ADMIN); agents manage theirs on the portal's macro pages."""

    form = MacroAdminForm
    list_display = ["name", "area_scope", "set_status", "set_priority", "set_area", "updated_at"]
    list_filter = ["area_scope", "set_status"]
    search_fields = ["name", "body"]
    list_select_related = ["area_scope", "set_priority", "set_area"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
