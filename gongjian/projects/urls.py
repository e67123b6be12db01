from django.urls import path

from . import attachments, batch_views, desk_views, views

app_name = "projects"

urlpatterns = [
    path("", desk_views.board, name="board"),
    path("ledger.xlsx", desk_views.ledger_export, name="ledger_export"),
    path("mine/", desk_views.my_projects, name="my_projects"),
    path("closeout/", desk_views.closeout, name="closeout"),
    path("new/", views.create, name="create"),
    path("bulk/<slug:action>/", desk_views.bulk_act, name="bulk_act"),
    path("rounds/<int:round_id>/batches/new/", batch_views.batch_create, name="batch_create"),
    path("batches/<int:pk>/edit/", batch_views.batch_update, name="batch_update"),
    path("files/<int:pk>/public/", attachments.set_public, name="attachment_public"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("<int:pk>/extension/<int:extension_id>/decide/", views.extension_decide, name="extension_decide"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
