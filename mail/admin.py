"""Outgoing and incoming e-mail in the admin: read-only logs for ADMIN (what was sent or
received, attempts, last error). Nothing here sends or changes a ticket. Undeliverable
addresses may be deleted: mail to that address is queued again."""

from django.contrib import admin

from mail.models import Delivery, InboundMessage, Undeliverable


class _ReadOnly(admin.ModelAdmin):
    def has_module_permission(self, request) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(_ReadOnly):
    list_display = ["created_at", "template", "recipient", "ticket", "status", "attempts",
                    "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["recipient", "ticket__label", "message_id"]
    list_select_related = ["ticket"]
    show_full_result_count = False


@admin.register(InboundMessage)
class InboundMessageAdmin(_ReadOnly):
    list_display = ["received_at", "sender", "subject", "source", "status", "kind", "reason",
                    "ticket", "resolution"]
    list_filter = ["status", "kind", "source", "resolution"]
    exclude = ["raw"]  # the whole message: agents read it at /portal/mail/<id>/

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw")
    search_fields = ["sender", "message_id", "subject"]
    list_select_related = ["ticket"]
    show_full_result_count = False


@admin.register(Undeliverable)
class UndeliverableAdmin(_ReadOnly):
    list_display = ["address", "hard", "bounces", "reason", "ticket", "last_bounced_at"]
    list_filter = ["hard"]
    search_fields = ["address"]
    list_select_related = ["ticket"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)
