"""Django admin of the member records. Personal data is shown masked here too: the unmasked view goes
through the member page, which logs it (MemberDataAccess)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .exports import masked
from .models import ContactRecord, DuesPayment, Member, MemberDataAccess, MemberReport, RiskSettings

PERSONAL = ("id_number", "phone", "address")


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ("name", "category", "community", "unit", "masked_phone", "away", "registered_on")
    list_filter = ("category", "away")
    search_fields = ("name",)
    raw_id_fields = ("community", "unit", "organization")
    exclude = PERSONAL
    readonly_fields = ("masked_id_number", "masked_phone", "masked_address")
    list_select_related = ("community", "unit")
    history_list_display = ("category", "community", "unit")

    @admin.display(description="身份证号")
    def masked_id_number(self, obj):
        return masked(obj)["id_number"]

    @admin.display(description="电话")
    def masked_phone(self, obj):
        return masked(obj)["phone"]

    @admin.display(description="住址")
    def masked_address(self, obj):
        return masked(obj)["address"]


@admin.register(MemberReport)
class MemberReportAdmin(SimpleHistoryAdmin):
    list_display = ("member", "community", "reported_on", "via")
    list_filter = ("via",)
    raw_id_fields = ("member", "community")
    list_select_related = ("member", "community")


@admin.register(ContactRecord)
class ContactRecordAdmin(SimpleHistoryAdmin):
    list_display = ("member", "date", "kind", "note")
    list_filter = ("kind",)
    raw_id_fields = ("member", "recorded_by")
    list_select_related = ("member",)


@admin.register(DuesPayment)
class DuesPaymentAdmin(SimpleHistoryAdmin):
    list_display = ("member", "month", "amount", "paid_on")
    raw_id_fields = ("member", "recorded_by")
    list_select_related = ("member",)


@admin.register(RiskSettings)
class RiskSettingsAdmin(SimpleHistoryAdmin):
    list_display = ("pocket_months", "underground_days", "nominal_months", "updated_at")


@admin.register(MemberDataAccess)
class MemberDataAccessAdmin(admin.ModelAdmin):
    """The access log is read-only: nobody edits or deletes the record of who looked."""

    list_display = ("at", "user", "member", "channel")
    list_filter = ("channel",)
    list_select_related = ("user", "member")
    raw_id_fields = ("user", "member")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
