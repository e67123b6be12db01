"""Projects in the admin are for looking, not editing: every change of a project goes through the
services (state machine, version, public change notices), which the admin's forms would bypass."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Batch,
    ChangeNotice,
    Extension,
    ProgressAttachment,
    ProgressReport,
    Project,
    ProjectEvent,
    PublishedSnapshot,
    Rating,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = ProjectEvent
    fields = ["created_at", "action", "from_status", "to_status", "actor", "note", "public"]
    readonly_fields = fields
    extra = 0


class ProgressInline(ReadOnlyMixin, admin.TabularInline):
    model = ProgressReport
    fields = ["created_at", "unit", "percent", "note", "reported_by"]
    readonly_fields = fields
    extra = 0


class ExtensionInline(ReadOnlyMixin, admin.TabularInline):
    model = Extension
    fields = ["created_at", "old_deadline", "new_deadline", "reason", "status", "decided_by", "decision_note"]
    readonly_fields = fields
    extra = 0


class ChangeNoticeInline(ReadOnlyMixin, admin.TabularInline):
    model = ChangeNotice
    fields = ["changed_at", "field", "old_value", "new_value", "reason", "actor"]
    readonly_fields = fields
    extra = 0


@admin.register(Project)
class ProjectAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["title", "community", "round", "batch", "lead_unit", "status", "progress", "deadline", "is_key"]
    list_filter = ["status", "is_key", "round", "community__street"]
    search_fields = ["title", "problem__archive_no", "lead_unit__name"]
    list_select_related = ["community", "round", "batch", "lead_unit"]
    inlines = [EventInline, ProgressInline, ExtensionInline, ChangeNoticeInline]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["round", "number", "name"]
    list_filter = ["round"]


@admin.register(PublishedSnapshot)
class PublishedSnapshotAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "batch", "lead_unit_name", "deadline", "published_at"]
    list_select_related = ["batch"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["project", "value", "created_at"]
    list_filter = ["value"]
    list_select_related = ["project"]


@admin.register(ProgressAttachment)
class ProgressAttachmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "project", "kind", "size", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["project"]
