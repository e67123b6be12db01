from django.urls import path

from . import committee_views, views

app_name = "supervision"

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/<int:project_id>/issue/", views.record_create, name="record_create"),
    path("records/<int:pk>/", views.record_detail, name="record"),
    path("records/<int:pk>/reply/", views.record_reply, name="record_reply"),
    path("records/<int:pk>/escalate/", views.record_escalate, name="record_escalate"),
    path("warnings/<int:pk>/lift/", views.warning_lift, name="warning_lift"),
    path("communities/", views.communities, name="communities"),
    path("communities/<int:pk>/", views.community_detail, name="community"),
    path("communities/<int:pk>/rotate/", views.chair_rotate, name="chair_rotate"),
    path("communities/<int:pk>/recommend/", views.chair_recommend, name="chair_recommend"),
    path("communities/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/print/", views.meeting_print, name="meeting_print"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("decisions/<int:pk>/follow-up/", views.decision_follow_up, name="decision_follow_up"),
    path("follow-ups/<int:pk>/complete/", views.follow_up_complete, name="follow_up_complete"),
    path("contact-points/", committee_views.contact_points, name="contact_points"),
    path("contact-points/new/", committee_views.contact_point_add, name="contact_point_add"),
    path("contact-points/<int:pk>/edit/", committee_views.contact_point_edit, name="contact_point_edit"),
    path("contact-points/<int:pk>/end/", committee_views.contact_point_end, name="contact_point_end"),
    path("committee/", committee_views.committee, name="committee"),
    path("committee/<int:community_pk>/new/", committee_views.committee_member_add, name="committee_member_add"),
    path("committee/members/<int:pk>/edit/", committee_views.committee_member_edit, name="committee_member_edit"),
    path("committee/members/<int:pk>/retire/", committee_views.committee_member_retire,
         name="committee_member_retire"),
]
