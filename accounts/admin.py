"""Configuration in the Django admin: ADMIN only (other agents hold no model permissions)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts import api_clients, credentials
from accounts.models import (
    ApiClient,
    Area,
    BusinessCalendar,
    Holiday,
    Location,
    Membership,
    Network,
    User,
    WorkingInterval,
)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name", "surname", "role", "area")


class UserEditForm(UserChangeForm):
    photo_url = forms.URLField(
        label=_("photo URL"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["location"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    inlines = [MembershipInline]
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "area", "is_active", "last_login"]
    list_filter = ["role", "area", "is_active"]
    search_fields = ["email", "name", "surname", "phone"]
    readonly_fields = ["last_login", "date_joined"]
    list_select_related = ["area"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "surname", "phone", "photo_url")}),
        (_("Role"), {"fields": ("role", "area", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "surname", "role", "area", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ()
    actions = ["log_out_everywhere"]

    @admin.display(description=_("name"))
    def full_name(self, obj: User) -> str:
        return obj.full_name

    @admin.action(description=_("Log out everywhere (end sessions and tokens)"))
    def log_out_everywhere(self, request, queryset):
        for user in queryset:
            credentials.log_out_everywhere(user)
        self.message_user(request, _("Sessions and tokens ended: %(n)d.") % {"n": len(queryset)})


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "active", "calendar"]
    list_filter = ["active", "calendar"]
    search_fields = ["code", "name"]
    list_select_related = ["calendar"]


class WorkingIntervalInline(admin.TabularInline):
    model = WorkingInterval
    extra = 0


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    """Saving a calendar (or its hours, holidays) recomputes its open tickets' due dates in
    the background (``tickets.sla.schedule``)."""

    list_display = ["name", "time_zone", "is_default"]
    search_fields = ["name"]
    inlines = [WorkingIntervalInline, HolidayInline]
    fieldsets = [
        (
            None,
            {
                "fields": ["name", "time_zone", "is_default"],
                "description": _(
                    "A calendar with no working hours counts every hour (24×7, holidays "
                    "ignored), for the areas that name it and, as the default, for the "
                    "areas that name none."
                ),
            },
        )
    ]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "id"]
    search_fields = ["name", "id"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "network", "label_prefix", "last_number", "is_default"]
    list_filter = ["network", "is_default"]
    search_fields = ["name", "label_prefix", "id"]
    readonly_fields = ["last_number"]
    list_select_related = ["network"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "location", "role_type", "type", "created_at"]
    list_filter = ["location", "role_type"]
    search_fields = ["user__email", "user__name", "user__surname", "id"]
    autocomplete_fields = ["user", "location"]
    list_select_related = ["user", "location"]


# --- API clients (Spacebring Basic auth) -------------------------------------------


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Issue and revoke API clients. The secret is shown once, right after it is made."""

    list_display = [
        "name",
        "client_id",
        "network",
        "membership",
        "scopes",
        "usable",
        "last_used_at",
    ]
    list_filter = ["network", "is_active"]
    search_fields = ["name", "client_id"]
    readonly_fields = ["client_id", "revoked_at", "last_used_at", "created_at"]
    fields = ["name", "network", "membership", "scopes", "is_active", *readonly_fields]
    autocomplete_fields = ["membership"]
    list_select_related = ["network", "membership__user", "membership__location"]
    actions = ["revoke_clients", "rotate_secrets"]

    @admin.display(boolean=True, description=_("usable"))
    def usable(self, obj: ApiClient) -> bool:
        return obj.usable

    def save_model(self, request, obj, form, change):
        secret = None if change else api_clients.set_new_secret(obj)
        super().save_model(request, obj, form, change)
        if secret:
            self._show_secret(request, obj, secret)

    def _show_secret(self, request, obj: ApiClient, secret: str) -> None:
        messages.warning(
            request,
            _("Client id %(id)s, secret %(secret)s — copy it now, it will not be shown again.")
            % {"id": obj.client_id, "secret": secret},
        )

    @admin.action(description=_("Revoke selected API clients"))
    def revoke_clients(self, request, queryset):
        for client in queryset:
            api_clients.revoke(client)
        messages.success(request, _("%(n)d client(s) revoked.") % {"n": len(queryset)})

    @admin.action(description=_("Issue a new secret for selected API clients"))
    def rotate_secrets(self, request, queryset):
        for client in queryset:
            secret = api_clients.set_new_secret(client)
            client.save(update_fields=["secret_digest"])
            self._show_secret(request, client, secret)
