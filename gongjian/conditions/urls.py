from django.urls import path

from . import views

app_name = "conditions"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("trainings/", views.trainings, name="trainings"),
    path("budgets/", views.budgets, name="budgets"),
    path("export.xlsx", views.export, name="export"),
]
