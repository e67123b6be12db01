"""The staff pages: the liaison's home, a unit's replies, chair and meetings, the A4 sheet, the inbox."""

from datetime import timedelta

import pytest
from django.test import Client

from gongjian.notifications.models import Notification
from gongjian.supervision import services
from gongjian.supervision.models import ChairTerm, Meeting, Supervision
from gongjian.testing import PASSWORD, today

from .factories import make_project

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_liaison_home_lists_assigned_projects_riskiest_first(city):
    make_project(city, title="按期项目", deadline=today() + timedelta(days=60))
    make_project(city, title="逾期项目", deadline=today() - timedelta(days=2))
    make_project(city, title="蒲阳项目", community=city.sibling)
    html = login(city.liaison_user).get("/staff/supervision/").content.decode()
    assert html.index("逾期项目") < html.index("按期项目")
    assert "蒲阳项目" not in html


def test_liaison_issues_a_record_from_the_page_and_the_unit_replies(city):
    project = make_project(city)
    res = login(city.liaison_user).post(f"/staff/supervision/projects/{project.pk}/issue/", {
        "stage": "urge", "finding": "进度慢", "requirement": "说明原因",
        "reply_due": str(today() + timedelta(days=5))})
    record = Supervision.objects.get()
    assert res.status_code == 302 and res.url == f"/staff/supervision/records/{record.pk}/"
    unit = login(city.unit_user)
    assert "进度慢" in unit.get("/staff/supervision/").content.decode()
    unit.post(f"/staff/supervision/records/{record.pk}/reply/", {"reply": "已整改", "next": "home"})
    record.refresh_from_db()
    assert record.status == "replied"


def test_record_page_of_another_scope_is_404_and_forbidden_post_is_403(city):
    project = make_project(city)
    record = services.supervision_issue(actor=city.liaison_user, project=project, finding="x", requirement="y",
                                        reply_due=today() + timedelta(days=5))
    assert login(city.far_unit_user).get(f"/staff/supervision/records/{record.pk}/").status_code == 404
    assert login(city.other_street_user).get(f"/staff/supervision/records/{record.pk}/").status_code == 404
    assert login(city.community_user).post(f"/staff/supervision/records/{record.pk}/reply/",
                                           {"reply": "x"}).status_code == 403
    assert login(city.unit_user).get(f"/staff/supervision/projects/{project.pk}/issue/").status_code == 403
    record.refresh_from_db()
    assert record.status == "awaiting_reply"


def test_chair_rotation_and_meeting_pages(city):
    make_project(city, title="三眼井路灯")
    community = login(city.community_user)
    res = community.post(f"/staff/supervision/communities/{city.community.pk}/rotate/",
                         {"unit": city.unit.pk, "starts_on": str(today().replace(day=1))})
    assert res.status_code == 302 and ChairTerm.objects.get().unit == city.unit
    page = community.get(f"/staff/supervision/communities/{city.community.pk}/").content.decode()
    assert "现任" in page and city.unit.name in page
    res = community.post(f"/staff/supervision/communities/{city.community.pk}/meetings/new/",
                         {"held_on": str(today()), "kind": "chair"})
    meeting = Meeting.objects.get()
    assert res.url == f"/staff/supervision/meetings/{meeting.pk}/"
    community.post(f"/staff/supervision/meetings/{meeting.pk}/attendance/",
                   {"present": [city.unit.pk], f"rep_{city.unit.pk}": "李主任"})
    community.post(f"/staff/supervision/meetings/{meeting.pk}/minutes/",
                   {"minutes": "听取汇报", "decisions": "月底完成路灯更换"})
    meeting.refresh_from_db()
    assert meeting.status == "held"
    sheet = community.get(f"/staff/supervision/meetings/{meeting.pk}/print/").content.decode()
    assert "@page { size: A4" in sheet and "三眼井路灯" in sheet and "李主任" in sheet and "月底完成路灯更换" in sheet
    # Another community's staff cannot open it; the street sees it in the communities list.
    assert login(city.far_community_user).get(f"/staff/supervision/meetings/{meeting.pk}/").status_code == 404
    listing = login(city.street_user).get("/staff/supervision/communities/").content.decode()
    assert city.community.name in listing and city.unit.name in listing


def test_unit_cannot_rotate_the_chair(city):
    res = login(city.unit_user).post(f"/staff/supervision/communities/{city.community.pk}/rotate/",
                                     {"unit": city.unit.pk, "starts_on": "2010-01-01"})
    assert res.status_code == 403 and not ChairTerm.objects.exists()


def test_inbox_shows_my_messages_and_marks_them_read(city):
    project = make_project(city)
    services.supervision_issue(actor=city.liaison_user, project=project, finding="x", requirement="y",
                               reply_due=today() + timedelta(days=5))
    unit = login(city.unit_user)
    html = unit.get("/staff/inbox/").content.decode()
    assert project.title in html and "1 条未读" in html
    assert project.title not in login(city.co_unit_user).get("/staff/inbox/").content.decode()
    n = Notification.objects.get(recipient=city.unit_user)
    assert login(city.co_unit_user).post(f"/staff/inbox/{n.pk}/open/").status_code == 404
    res = unit.post(f"/staff/inbox/{n.pk}/open/")
    assert res.status_code == 302 and res.url == n.url
    n.refresh_from_db()
    assert n.read_at is not None


def test_menu_links_the_new_pages(city):
    html = login(city.liaison_user).get("/staff/supervision/").content.decode()
    assert "/staff/inbox/" in html and "/staff/supervision/communities/" in html


def test_after_a_long_gap_the_community_appoints_a_chair_for_now_and_schedules_this_months_meeting(city):
    from datetime import date

    services.chair_rotate(actor=None, community=city.community, unit=city.unit, starts_on=date(2010, 1, 1))
    client = login(city.community_user)
    client.post(f"/staff/supervision/communities/{city.community.pk}/rotate/", {"chair_person": "李主席"})
    term = ChairTerm.objects.order_by("-starts_on").first()
    assert term.starts_on <= today() <= term.ends_on
    assert "安排会议" in client.get(f"/staff/supervision/communities/{city.community.pk}/").content.decode()
    res = client.post(f"/staff/supervision/communities/{city.community.pk}/meetings/new/",
                      {"held_on": str(today()), "kind": "chair"})
    meeting = Meeting.objects.get(community=city.community)
    assert res.status_code == 302 and meeting.chair_term == term
