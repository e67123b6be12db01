"""Supervision in the admin: contact points and committee members are registries the city keeps here;
supervision records, warnings, chair terms and meetings are for looking — their changes go through
the services (timeline, notifications, constraints), which the admin's forms would bypass."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    Attendance,
    ChairTerm,
    CommitteeMember,
    ContactPoint,
    Decision,
    FollowUp,
    Meeting,
    ProjectWarning,
    Supervision,
    SupervisionStep,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ContactPoint)
class ContactPointAdmin(SimpleHistoryAdmin):
    list_display = ["community", "leader", "leader_title", "started_on"]
    list_select_related = ["community", "leader"]
    autocomplete_fields = ["community"]
    raw_id_fields = ["leader"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(SimpleHistoryAdmin):
    list_display = ["community", "name", "post", "unit", "unit_position", "active"]
    list_filter = ["post", "active"]
    list_select_related = ["community", "unit"]
    search_fields = ["name", "community__name", "unit__name"]
    raw_id_fields = ["community", "unit"]


class StepInline(ReadOnlyMixin, admin.TabularInline):
    model = SupervisionStep
    fields = ["on", "action", "stage", "reply_due", "actor", "note"]
    readonly_fields = fields
    extra = 0


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["project", "community", "unit", "stage", "status", "issued_on", "reply_due"]
    list_filter = ["stage", "status"]
    list_select_related = ["project", "community", "unit"]
    search_fields = ["project__title", "unit__name"]
    inlines = [StepInline]


@admin.register(ProjectWarning)
class WarningAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["project", "community", "level", "reason", "raised_on", "active"]
    list_filter = ["level", "reason", "active"]
    list_select_related = ["project", "community"]


@admin.register(ChairTerm)
class ChairTermAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["community", "unit", "cycle", "starts_on", "ends_on", "recommendations"]
    list_select_related = ["community", "unit"]
    search_fields = ["community__name", "unit__name"]


class AgendaInline(ReadOnlyMixin, admin.TabularInline):
    model = AgendaItem
    fields = ["order", "title", "status_then", "progress_then", "report"]
    readonly_fields = fields
    extra = 0


class AttendanceInline(ReadOnlyMixin, admin.TabularInline):
    model = Attendance
    fields = ["unit", "present", "representative"]
    readonly_fields = fields
    extra = 0


class DecisionInline(ReadOnlyMixin, admin.TabularInline):
    model = Decision
    fields = ["order", "text", "project"]
    readonly_fields = fields
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["community", "kind", "held_on", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["community"]
    date_hierarchy = "held_on"
    inlines = [AgendaInline, AttendanceInline, DecisionInline]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["task", "community", "owner_unit", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["community", "owner_unit"]
