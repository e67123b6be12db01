"""Evaluation in the admin: campaigns and their criteria, the year's weights (history pages), and the
ratings for looking only — a rating is given through the rating form or the API (rating_submit_evaluation),
which checks the campaign's state and the scale."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AssessmentWeights, Campaign, Criterion, EvaluationRating, ExportJob


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["direction", "name", "description", "weight", "scale", "sort_order"]
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.status == Campaign.Status.DRAFT

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["name", "round", "status", "opened_at", "closed_at"]
    list_filter = ["status", "round"]
    search_fields = ["name"]
    readonly_fields = ["status", "opened_at", "closed_at", "created_by"]
    inlines = [CriterionInline]


@admin.register(EvaluationRating)
class EvaluationRatingAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "direction", "community", "unit", "criterion", "score", "rated_by", "created_at"]
    list_filter = ["campaign", "direction"]
    search_fields = ["community__name", "unit__name"]
    list_select_related = ["campaign", "community", "unit", "criterion", "rated_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AssessmentWeights)
class AssessmentWeightsAdmin(SimpleHistoryAdmin):
    list_display = ["year", "completion", "timeliness", "satisfaction", "evaluation", "participation",
                    "warning_penalty", "community_rating", "community_completion", "community_meetings"]
    readonly_fields = ["updated_by"]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "year", "kind", "fmt", "status", "rows", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "kind", "fmt"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False
