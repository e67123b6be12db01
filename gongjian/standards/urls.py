from django.urls import path

from . import setup_views, views

app_name = "standards"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("start/<int:standard_pk>/<int:community_pk>/", views.start, name="start"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/save/", views.assessment_save, name="assessment_save"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="assessment_review"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("setup/", setup_views.standard_list, name="standard_list"),
    path("setup/new/", setup_views.standard_create, name="standard_create"),
    path("setup/<int:pk>/", setup_views.standard_edit, name="standard_edit"),
    path("setup/<int:pk>/criteria/new/", setup_views.criterion_add, name="criterion_add"),
    path("setup/criteria/<int:pk>/edit/", setup_views.criterion_edit, name="criterion_edit"),
    path("setup/criteria/<int:pk>/move/", setup_views.criterion_move, name="criterion_move"),
    path("setup/criteria/<int:pk>/remove/", setup_views.criterion_remove, name="criterion_remove"),
    path("setup/targets/new/", setup_views.target_create, name="target_create"),
    path("setup/targets/<int:pk>/edit/", setup_views.target_edit, name="target_edit"),
]
