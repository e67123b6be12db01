from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.home, name="home"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/criteria/", views.criterion_add, name="criterion_add"),
    path("campaigns/<int:pk>/criteria/<int:criterion_id>/delete/", views.criterion_delete, name="criterion_delete"),
    path("campaigns/<int:pk>/rate/", views.rate_list, name="rate_list"),
    path("campaigns/<int:pk>/rate/<int:target_id>/", views.rate, name="rate"),
    path("campaigns/<int:pk>/progress/", views.progress, name="progress"),
    path("campaigns/<int:pk>/remind/", views.remind, name="remind"),
    path("campaigns/<int:pk>/results/", views.results, name="results"),
    path("campaigns/<int:pk>/<slug:action>/", views.campaign_act, name="campaign_act"),
    path("weights/", views.weights, name="weights"),
    path("scores/units/", views.unit_scores, name="unit_scores"),
    path("scores/units/mine/", views.my_score, name="my_score"),
    path("scores/units/<int:unit_id>/", views.unit_score, name="unit_score"),
    path("scores/communities/", views.community_scores, name="community_scores"),
    path("scores/communities/<int:community_id>/", views.community_score, name="community_score"),
    path("export/", views.export, name="export"),
    path("export/<int:pk>/", views.export_job, name="export_job"),
    path("export/<int:pk>/file/", views.export_file, name="export_file"),
]
