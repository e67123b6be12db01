from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """For looking: what was sent to whom, and whether its e-mail went out."""

    list_display = ["created_at", "recipient", "kind", "title", "period", "email_state", "read_at"]
    list_filter = ["kind", "email_state"]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__username"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
