from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CadreTraining, CommunityBudget


@admin.register(CadreTraining)
class CadreTrainingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cadre", "community", "held_on", "hours"]
    list_filter = ["community__street"]
    search_fields = ["title", "cadre__name"]
    list_select_related = ["cadre", "community"]
    autocomplete_fields = ["cadre", "community"]
    date_hierarchy = "held_on"


@admin.register(CommunityBudget)
class CommunityBudgetAdmin(SimpleHistoryAdmin):
    list_display = ["community", "year", "allocated", "spent", "source"]
    list_filter = ["year", "community__street"]
    search_fields = ["community__name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
