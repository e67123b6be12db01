from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment, AssessmentItem, Criterion, Evidence, Standard, Target


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["group", "order", "title", "points", "description"]


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "pass_score", "tier1_min", "tier2_min", "active"]
    list_filter = ["active", "year"]
    search_fields = ["name"]
    inlines = [CriterionInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "standard", "share", "due_on"]
    list_select_related = ["standard"]


class AssessmentItemInline(admin.TabularInline):
    model = AssessmentItem
    extra = 0
    fields = ["criterion", "self_points", "street_points", "final_points", "note"]
    readonly_fields = fields  # points change through the self-assessment and review services


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["community", "standard", "status", "self_score", "street_score", "final_score", "tier", "reached"]
    list_filter = ["standard", "status", "tier", "reached", "community__street"]
    search_fields = ["community__name"]
    list_select_related = ["community", "standard"]
    readonly_fields = ["status", "self_score", "street_score", "final_score", "tier", "reached", "submitted_at",
                       "street_reviewed_by", "street_reviewed_at", "city_reviewed_by", "city_reviewed_at"]
    inlines = [AssessmentItemInline]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "item", "kind", "size", "created_at"]
    list_select_related = ["item__assessment__community", "item__criterion"]
    readonly_fields = ["item", "file", "name", "kind", "size", "uploaded_by", "created_at"]
