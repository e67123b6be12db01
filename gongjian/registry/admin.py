from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Cadre, Community, PartyOrganization, Street, Unit


@admin.register(Street)
class StreetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]


@admin.register(Community)
class CommunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "street", "residents", "tier", "office_premises", "active"]
    list_filter = ["active", "street", "tier", "office_premises"]
    search_fields = ["name", "code"]
    list_select_related = ["street"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "rank", "community", "active"]
    list_filter = ["active", "kind", "rank", "community__street"]
    search_fields = ["name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "community", "unit", "members_count"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["community", "unit"]
    autocomplete_fields = ["community", "unit"]


@admin.register(Cadre)
class CadreAdmin(SimpleHistoryAdmin):
    list_display = ["name", "community", "position", "birth_year", "education"]
    list_filter = ["education", "community__street"]
    search_fields = ["name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
