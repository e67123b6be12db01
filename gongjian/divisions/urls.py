from django.urls import path

from . import views

app_name = "divisions"

urlpatterns = [
    path("load/", views.load, name="load"),
]
