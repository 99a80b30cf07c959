"""Webhook endpoints and their delivery log in the Django admin (ADMIN role only).

Endpoints are configured per network; the URL is checked against private addresses when
saved. The delivery log is read-only. "Send test event" queues a ``webhook.test`` event.
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Role
from webhooks import dispatch
from webhooks.models import TEST_EVENT, Delivery, Endpoint, EventType


def is_admin(user) -> bool:
    """Webhooks carry every ticket of a network to another system: ADMIN only."""
    return bool(user and user.is_active and getattr(user, "role", None) == Role.ADMIN)


class AdminOnlyMixin:
    def has_module_permission(self, request) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        label=_("Event types"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Endpoint
        fields = ["network", "name", "url", "event_types", "active", "secret"]


@admin.register(Endpoint)
class EndpointAdmin(AdminOnlyMixin, admin.ModelAdmin):
    form = EndpointForm
    list_display = ["name", "network", "url", "active", "consecutive_failures", "disabled_at"]
    list_filter = ["active", "network"]
    list_select_related = ["network"]
    search_fields = ["name", "url"]
    readonly_fields = ["consecutive_failures", "disabled_at", "created_at"]
    actions = ["send_test_event"]

    @admin.action(description=_("Send test event"))
    def send_test_event(self, request, queryset):
        created = []
        for endpoint in queryset:
            created.append(
                Delivery.objects.create(
                    endpoint=endpoint,
                    event_type=TEST_EVENT,
                    payload={"endpoint": {"id": endpoint.pk, "name": endpoint.name}},
                )
            )
        for delivery in created:
            transaction.on_commit(lambda pk=delivery.pk: dispatch.enqueue(pk))
        self.message_user(
            request,
            ngettext(
                "Test event queued for %(n)d endpoint; see the delivery log.",
                "Test events queued for %(n)d endpoints; see the delivery log.",
                len(created),
            )
            % {"n": len(created)},
            messages.SUCCESS,
        )


@admin.register(Delivery)
class DeliveryAdmin(AdminOnlyMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "endpoint",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "last_latency_ms",
        "short_error",
        "next_attempt_at",
    ]
    list_filter = ["status", "event_type", "endpoint"]
    list_select_related = ["endpoint"]
    search_fields = ["=id", "=ticket_id"]
    show_full_result_count = False
    readonly_fields = [
        "id",
        "endpoint",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "last_latency_ms",
        "last_error",
        "next_attempt_at",
        "created_at",
        "delivered_at",
        "ticket_id",
        "activity_id",
        "payload",
    ]
    fields = readonly_fields

    @admin.display(description=_("last error"))
    def short_error(self, obj: Delivery) -> str:
        return (obj.last_error or "")[:80]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
