"""双报到 seen from both sides, and the permission rules: a unit sees only its own members, another
scope answers 404, a forbidden action 403 with nothing changed."""

import pytest
from django.test import Client

from gongjian.members import services
from gongjian.members.models import ContactRecord, DuesPayment, Member, MemberReport

from .factories import community_org, id_number, in_service, make_member

pytestmark = pytest.mark.django_db


def test_report_is_visible_to_the_community_and_to_the_unit(city, api):
    worker = in_service(city, name="李卫东", community=city.far)  # lives in 城北社区, works at 住建局
    answer = api(city.unit_user).post(f"members/{worker.pk}/report", {"community": "城北社区"})
    assert answer.status_code == 201
    # The community where the member lives sees them, with their unit.
    seen = api(city.far_community_user).get("member-reports").json()["results"]
    assert [(r["member_name"], r["unit_name"]) for r in seen] == [("李卫东", "应城市住建局")]
    assert [m["name"] for m in api(city.far_community_user).get("members").json()["results"]] == ["李卫东"]
    # The unit sees where its member reported.
    mine = api(city.unit_user).get("member-reports").json()["results"]
    assert [r["community_name"] for r in mine] == ["城北社区"]
    # Nobody else does.
    assert api(city.co_unit_user).get("member-reports").json()["count"] == 0
    assert api(city.community_user).get("member-reports").json()["count"] == 0


def test_reporting_twice_is_a_conflict(city, api):
    worker = in_service(city)
    assert api(city.unit_user).post(f"members/{worker.pk}/report", {"community": city.community.pk}).status_code == 201
    assert api(city.unit_user).post(f"members/{worker.pk}/report", {"community": city.community.pk}).status_code == 409
    assert MemberReport.objects.count() == 1


def test_self_service_report_needs_name_and_id_number_of_the_roster(city):
    number = id_number()
    worker = in_service(city, name="李卫东", community=None, id_number=number)
    client = Client()
    wrong = client.post("/activities/report/", {"name": "李卫东", "id_number": id_number(),
                                                "community": city.sibling.pk})
    assert "没有找到" in wrong.content.decode()
    assert not MemberReport.objects.exists()
    done = client.post("/activities/report/", {"name": "李卫东", "id_number": number.lower(),
                                               "community": city.sibling.pk, "service_wish": "义诊"})
    assert "报到成功" in done.content.decode()
    report = MemberReport.objects.get()
    assert (report.member, report.community, report.via) == (worker, city.sibling, "self")
    worker.refresh_from_db()
    assert worker.community == city.sibling  # the residence was unknown: now it is known


def test_unit_sees_only_its_own_members(city, api):
    mine = in_service(city, name="本单位")
    other = in_service(city, name="供电公司", unit=city.co_unit)
    make_member(city, name="自管")
    names = [m["name"] for m in api(city.unit_user).get("members").json()["results"]]
    assert names == ["本单位"]
    assert api(city.unit_user).get(f"members/{other.pk}").status_code == 404
    assert api(city.unit_user).get(f"members/{mine.pk}").status_code == 200


def test_other_scope_is_404_everywhere(city, api):
    member = make_member(city)
    for path in (f"members/{member.pk}", f"members/{member.pk}/contacts", f"members/{member.pk}/dues"):
        assert api(city.far_community_user).get(path).status_code == 404
    answer = api(city.far_community_user).post(f"members/{member.pk}/contacts", {"date": "2010-05-01",
                                                                                  "kind": "visit"})
    assert answer.status_code == 404
    assert Client().get(f"/staff/members/{member.pk}/").status_code == 302  # anonymous: to the login
    client = Client()
    client.force_login(city.far_community_user)
    assert client.get(f"/staff/members/{member.pk}/").status_code == 404
    assert not ContactRecord.objects.exists()


def test_forbidden_action_is_403_before_the_input_is_checked_and_changes_nothing(city, api):
    member = make_member(city)
    before = Member.history.count()
    assert api(city.liaison_user).post(f"members/{member.pk}/contacts", {"bad": "input"}).status_code == 403
    assert api(city.leader_user).post(f"members/{member.pk}/dues", {"month": "2010-05", "amount": 1}).status_code == 403
    assert api(city.liaison_user).post("members", {"name": "王", "category": "self_managed"}).status_code == 403
    assert not ContactRecord.objects.exists() and not DuesPayment.objects.exists()
    assert Member.objects.count() == 1 and Member.history.count() == before


def test_unit_cannot_register_a_member_of_another_unit(city, api):
    answer = api(city.unit_user).post("members", {"name": "王", "category": "in_service", "unit": "应城市供电公司",
                                                  "community": "三眼井社区"})
    assert answer.status_code == 400  # the other unit is not one it can name
    assert not Member.objects.exists()
    created = api(city.unit_user).post("members", {"name": "王", "category": "in_service", "community": "城北社区",
                                                   "id_number": id_number(), "phone": "13900001111"})
    assert created.status_code == 201
    assert created.json()["unit"] == city.unit.pk and created.json()["phone"] == "139****1111"


def test_community_cannot_register_a_member_living_elsewhere(city, api):
    answer = api(city.community_user).post("members", {"name": "王", "category": "self_managed", "community": "城北社区"})
    assert answer.status_code == 400
    assert not Member.objects.exists()


def test_contact_and_dues_are_recorded_with_history(city, api):
    member = make_member(city)
    client = api(city.community_user)
    assert client.post(f"members/{member.pk}/contacts", {"date": "2010-05-01", "kind": "phone",
                                                         "note": "电话"}).status_code == 201
    assert client.post(f"members/{member.pk}/dues", {"month": "2010-05", "amount": "2.5"}).status_code == 201
    assert client.post(f"members/{member.pk}/dues", {"month": "2010-05", "amount": "2.5"}).status_code == 409
    assert client.post(f"members/{member.pk}/dues", {"month": "五月", "amount": "2.5"}).status_code == 400
    dues = client.get(f"members/{member.pk}/dues").json()["results"]
    assert dues == [{"id": dues[0]["id"], "member": member.pk, "month": "2010-05", "amount": "2.50",
                     "paid_on": dues[0]["paid_on"]}]
    record = ContactRecord.history.get()
    assert record.history_user == city.community_user and record.history_change_reason == "登记联系记录"


def test_member_changes_are_kept_in_the_audit_history(city):
    member = make_member(city)
    services.member_update(actor=city.community_user, member=member, phone="13900002222", away=True)
    latest = member.history.first()
    assert latest.history_user == city.community_user and latest.away is True
    assert {c.field for c in latest.diff_against(latest.prev_record).changes} == {"phone", "away"}


def test_staff_member_entry_page(city):
    community_org(city.community)
    client = Client()
    client.force_login(city.community_user)
    answer = client.post("/staff/members/new/", {"name": "赵红", "category": "retired", "community": "三眼井社区",
                                                 "id_number": id_number(), "birth_date": "1945-02-01"})
    assert answer.status_code == 302
    member = Member.objects.get(name="赵红")
    assert member.organization.community == city.community  # relation held by the community's organisation
    refused = client.post("/staff/members/new/", {"name": "钱", "category": "retired", "community": "城北社区"})
    assert refused.status_code == 200 and not Member.objects.filter(name="钱").exists()
