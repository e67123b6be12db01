from django.urls import path

from gongjian.members.public_views import self_report

from . import public_views

app_name = "activities_public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("<int:pk>/", public_views.detail, name="detail"),
    # 双报到 self-service: in-service members report to their community, then join its activities.
    path("report/", self_report, name="self_report"),
]
