from django.contrib import admin

from surveys.models import AreaSurvey, Rating


@admin.register(AreaSurvey)
class AreaSurveyAdmin(admin.ModelAdmin):
    list_display = ["area", "enabled"]
    list_editable = ["enabled"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["ticket", "score", "created_at"]
    list_filter = ["score"]
    readonly_fields = [f.name for f in Rating._meta.fields]
    raw_id_fields = ["ticket"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
