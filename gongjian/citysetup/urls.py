from django.urls import path

from . import views

app_name = "citysetup"

urlpatterns = [
    path("", views.checklist, name="checklist"),
    path("profile/", views.profile, name="profile"),
    path("emblem/", views.emblem, name="emblem"),
]
