from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "role", "street", "community", "unit", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    list_select_related = ["street", "community", "unit"]
    autocomplete_fields = ["street", "community", "unit", "communities"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("角色与范围", {"fields": ["role", "street", "community", "unit", "communities", "phone",
                                 "must_change_password"]}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "last_used_at"]
    readonly_fields = ["user", "key_hash", "expires_at", "last_used_at"]
    list_select_related = ["user"]
