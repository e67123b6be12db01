from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.board, name="board"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("mine/", views.my_projects, name="my_projects"),
    path("closeout/", views.closeout, name="closeout"),
    path("new/", views.create, name="create"),
    path("batch/<slug:action>/", views.batch_act, name="batch_act"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("<int:pk>/extension/<int:extension_id>/decide/", views.extension_decide, name="extension_decide"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
