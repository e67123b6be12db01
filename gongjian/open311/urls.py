from django.urls import path

from . import views

app_name = "open311"

urlpatterns = [
    path("services.json", views.service_list, name="services"),
    path("services/<str:code>.json", views.service_definition, name="service"),
    path("requests.json", views.request_list, name="requests"),
    path("requests/<str:request_id>.json", views.request_detail, name="request"),
]
