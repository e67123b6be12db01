from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_create, name="activity_create"),
    path("hours/", views.volunteer_hours, name="volunteer_hours"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/participants/", views.participants_add, name="participants_add"),
]
