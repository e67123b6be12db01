from django.contrib import admin, messages

from .models import Open311Key
from .services import key_issue


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "channel", "active", "last_used_at", "created_at"]
    list_filter = ["active", "channel"]
    readonly_fields = ["prefix", "last_used_at", "created_at", "updated_at"]
    fields = ["name", "channel", "active", "prefix", "last_used_at", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new key is made by the service; its value is shown once, here, and never stored.
        key, raw = key_issue(name=obj.name, channel=obj.channel)
        obj.pk = key.pk
        messages.warning(request, f"新密钥（只显示这一次，请立即交给对方系统）：{raw}")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
