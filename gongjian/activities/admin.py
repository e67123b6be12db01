from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Participation


class ParticipationInline(admin.TabularInline):
    model = Participation
    raw_id_fields = ("member", "cadre", "unit")
    extra = 0


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("date", "kind", "title", "community", "organiser_unit", "organiser_community", "hours", "public")
    list_filter = ("kind", "public")
    search_fields = ("title",)
    date_hierarchy = "date"
    raw_id_fields = ("community", "organiser_unit", "organiser_community")
    list_select_related = ("community", "organiser_unit", "organiser_community")
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ("activity", "member", "cadre", "unit", "hours")
    raw_id_fields = ("activity", "member", "cadre", "unit")
    list_select_related = ("activity", "member", "cadre", "unit")
