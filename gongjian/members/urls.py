from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("new/", views.member_create, name="member_create"),
    path("export.xlsx", views.member_export, name="member_export"),
    path("import/", views.member_import, name="member_import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("reports/", views.report_list, name="report_list"),
    path("risks/", views.risk_lists, name="risk_lists"),
    path("risks/export.xlsx", views.risk_export, name="risk_export"),
    path("risks/settings/", views.risk_settings, name="risk_settings"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/personal/", views.member_personal, name="member_personal"),
    path("<int:pk>/contact/", views.contact_add, name="contact_add"),
    path("<int:pk>/dues/", views.dues_add, name="dues_add"),
    path("<int:pk>/report/", views.report_add, name="report_add"),
    path("<int:pk>/card/", views.member_card, name="member_card"),
    path("<int:pk>/card.xlsx", views.member_card_xlsx, name="member_card_xlsx"),
]
