"""Webhook endpoints and their delivery log in the Django admin (ADMIN role only).

Endpoints are configured per network; the URL is checked against private addresses when
saved. The delivery log is read-only. "Send test event" queues a ``webhook.test`` event.
"""

from datetime import datetime, time

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Role
from tickets.errors import DomainError, ValidationFailed
from webhooks import dispatch, services
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


class ReplayForm(forms.Form):
    since = forms.DateField(
        label=_("Replay held and failed events from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def since_start(self) -> datetime:
        """The start of the chosen day, in the site's time zone."""
        return timezone.make_aware(datetime.combine(self.cleaned_data["since"], time.min))


@admin.register(Endpoint)
class EndpointAdmin(AdminOnlyMixin, admin.ModelAdmin):
    form = EndpointForm
    list_display = [
        "name", "network", "url", "active", "failing_since", "disabled_at", "replay_link",
    ]  # fmt: skip
    list_filter = ["active", "network"]
    list_select_related = ["network"]
    search_fields = ["name", "url"]
    readonly_fields = [
        "consecutive_failures", "failing_since", "disabled_at", "created_at", "replay_link",
    ]  # fmt: skip
    actions = ["send_test_event"]

    @admin.display(description=_("replay"))
    def replay_link(self, obj: Endpoint) -> str:
        if obj.pk is None:
            return "-"
        url = reverse("admin:webhooks_endpoint_replay", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Replay held and failed events…"))

    def get_urls(self):
        replay = self.admin_site.admin_view(self.replay_view)
        return [
            path("<int:pk>/replay/", replay, name="webhooks_endpoint_replay"),
            *super().get_urls(),
        ]

    def replay_view(self, request, pk: int):
        if not is_admin(request.user):
            return TemplateResponse(request, "403.html", status=403)
        endpoint = get_object_or_404(Endpoint, pk=pk)
        form = ReplayForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    count = services.deliveries_replay(
                        actor=request.user, endpoint_id=endpoint.pk, since=form.since_start()
                    )
                except ValidationFailed as exc:
                    form.add_error("since", exc.errors.get("since", [exc.message]))
                except DomainError as exc:
                    return TemplateResponse(
                        request, "403.html", {"exception": exc.message}, status=exc.status_code
                    )
                else:
                    self.message_user(
                        request,
                        ngettext(
                            "%(n)d event queued again for %(name)s.",
                            "%(n)d events queued again for %(name)s.",
                            count,
                        )
                        % {"n": count, "name": endpoint.name},
                        messages.SUCCESS,
                    )
                    return redirect("admin:webhooks_endpoint_change", endpoint.pk)
            status = 400
        ctx = {
            **self.admin_site.each_context(request),
            "title": _("Replay events of %(name)s") % {"name": endpoint.name},
            "endpoint": endpoint,
            "form": form,
            "opts": self.model._meta,
            "held": endpoint.deliveries.filter(status=Delivery.Status.HELD).count(),
            "failed": endpoint.deliveries.filter(status=Delivery.Status.FAILED).count(),
        }
        return TemplateResponse(
            request, "admin/webhooks/endpoint/replay.html", ctx, status=status
        )

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
