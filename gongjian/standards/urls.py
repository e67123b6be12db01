from django.urls import path

from . import views

app_name = "standards"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("start/<int:standard_pk>/<int:community_pk>/", views.start, name="start"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/save/", views.assessment_save, name="assessment_save"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="assessment_review"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
]
