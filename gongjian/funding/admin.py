from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FundPromise, Payment, TaskRequest


class FundPromiseInline(admin.TabularInline):
    model = FundPromise
    extra = 0
    fields = ["community", "amount", "paid", "due_on"]
    readonly_fields = ["paid"]
    autocomplete_fields = ["community"]


@admin.register(TaskRequest)
class TaskRequestAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "status", "staff_count", "starts_on", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    # Admission and refusal go through services (the override rule); the admin shows, it does not decide.
    readonly_fields = ["status", "decided_by", "decided_at", "decision_note", "override_reason", "filed_by"]
    inlines = [FundPromiseInline]


@admin.register(FundPromise)
class FundPromiseAdmin(SimpleHistoryAdmin):
    list_display = ["request", "community", "amount", "paid", "due_on"]
    list_filter = ["request__status", "community__street"]
    search_fields = ["request__title", "community__name"]
    list_select_related = ["request", "community"]
    readonly_fields = ["paid"]
    autocomplete_fields = ["community"]


@admin.register(Payment)
class PaymentAdmin(SimpleHistoryAdmin):
    list_display = ["promise", "amount", "paid_on", "recorded_by"]
    list_select_related = ["promise__request", "promise__community", "recorded_by"]
    date_hierarchy = "paid_on"

    def has_change_permission(self, request, obj=None):
        return False  # the ledger's payments are recorded through payment_record only

    def has_add_permission(self, request):
        return False
