from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("communities/", views.community_list, name="community_list"),
]
