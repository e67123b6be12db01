from django.urls import path

from . import public_views

app_name = "board"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("c/<int:community_id>/", public_views.community, name="community"),
    path("p/<int:pk>/", public_views.project, name="project"),
    path("p/<int:pk>/rate/", public_views.rate, name="rate"),
]
