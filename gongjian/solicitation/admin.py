from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from gongjian.core.errors import Conflict

from . import services
from .models import Category, ImportJob, Opinion, Problem, Round, Solicitation


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "status", "opened_on"]
    list_filter = ["status", "year"]
    actions = ["to_screening", "to_in_progress", "to_closed", "reopen"]

    def get_readonly_fields(self, request, obj=None):
        # The status moves only along Round.TRANSITIONS, through the actions below.
        return ["status"] if obj is not None else []

    def _move(self, request, queryset, status):
        for rnd in queryset:
            try:
                services.round_set_status(actor=request.user, round=rnd, status=status)
            except Conflict as exc:
                self.message_user(request, f"{rnd.name}：{exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{rnd.name}：已改为“{Round.Status(status).label}”")

    @admin.action(description="进入筛选阶段")
    def to_screening(self, request, queryset):
        self._move(request, queryset, Round.Status.SCREENING)

    @admin.action(description="进入实施阶段")
    def to_in_progress(self, request, queryset):
        self._move(request, queryset, Round.Status.IN_PROGRESS)

    @admin.action(description="结束轮次")
    def to_closed(self, request, queryset):
        self._move(request, queryset, Round.Status.CLOSED)

    @admin.action(description="重新开放征集")
    def reopen(self, request, queryset):
        self._move(request, queryset, Round.Status.OPEN)


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "sort_order", "active"]
    list_editable = ["sort_order", "active"]
    search_fields = ["name", "code"]


@admin.register(Solicitation)
class SolicitationAdmin(SimpleHistoryAdmin):
    list_display = ["community", "round", "kind", "date", "count"]
    list_filter = ["round", "kind"]
    list_select_related = ["community", "round"]
    autocomplete_fields = ["community"]


@admin.register(Opinion)
class OpinionAdmin(SimpleHistoryAdmin):
    """Read-mostly: opinions change through the staff pages' services (merge, reject)."""

    list_display = ["receipt_code", "community", "category", "channel", "status", "received_on"]
    list_filter = ["round", "status", "channel", "category"]
    search_fields = ["receipt_code", "content"]
    list_select_related = ["community", "category"]
    readonly_fields = ["round", "community", "status", "problem", "receipt_code", "reject_reason", "entered_by"]
    show_full_result_count = False


@admin.register(Problem)
class ProblemAdmin(SimpleHistoryAdmin):
    list_display = ["archive_no", "title", "community", "round", "klass"]
    list_filter = ["round", "klass"]
    search_fields = ["archive_no", "title"]
    list_select_related = ["community", "round"]
    readonly_fields = ["archive_no", "archive_year", "archive_seq", "klass", "class_note", "classified_at",
                       "round", "community", "carried_from", "created_by"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "round", "status", "total", "created", "created_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
