from django.urls import path

from . import attachments, public_views

app_name = "board"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("c/<int:community_id>/", public_views.community, name="community"),
    path("p/<int:pk>/", public_views.project, name="project"),
    path("p/<int:pk>/rate/", public_views.rate, name="rate"),
    # Project attachments, staff's and public photos alike: the view checks who may see the file.
    path("files/<int:pk>/", attachments.attachment, name="attachment"),
    path("files/<int:pk>/thumb/", attachments.thumbnail, name="attachment_thumb"),
]
