"""Personal data is masked on every screen, export and API answer; the unmasked view is for the roles
that need it only, and every such view is written to the access log."""

import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from gongjian.members.exports import safe_cell
from gongjian.members.models import MemberDataAccess

from .factories import in_service, make_member

pytestmark = pytest.mark.django_db

ID = "420981196503120016"
PHONE = "13812345678"
ADDRESS = "人民路12号3栋2单元"


@pytest.fixture
def member(city):
    return make_member(city, name="张建国", id_number=ID, phone=PHONE, address=ADDRESS)


def assert_hidden(text: str):
    assert ID not in text and PHONE not in text and ADDRESS not in text


def staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sheet_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row)


@pytest.mark.parametrize("role", ["city_user", "street_user", "community_user", "liaison_user", "leader_user"])
def test_api_list_and_detail_are_masked_for_every_role(city, api, member, role):
    client = api(getattr(city, role))
    listed = client.get("members").json()["results"][0]
    assert listed["id_number"] == "420981********0016" and listed["phone"] == "138****5678"
    assert_hidden(client.get("members").content.decode())
    assert_hidden(client.get(f"members/{member.pk}").content.decode())


def test_community_sees_unmasked_data_and_the_view_is_logged(city, api, member):
    answer = api(city.community_user).get(f"members/{member.pk}/personal")
    assert answer.status_code == 200
    assert answer.json()["id_number"] == ID and answer.json()["phone"] == PHONE
    log = MemberDataAccess.objects.get()
    assert (log.user, log.member, log.channel) == (city.community_user, member, "api")


@pytest.mark.parametrize("role", ["street_user", "liaison_user", "leader_user"])
def test_roles_without_need_get_403_and_nothing_is_logged(city, api, member, role):
    answer = api(getattr(city, role)).get(f"members/{member.pk}/personal")
    assert answer.status_code == 403
    assert_hidden(answer.content.decode())
    assert not MemberDataAccess.objects.exists()


def test_other_scope_gets_404_for_the_personal_view(city, api, member):
    assert api(city.far_community_user).get(f"members/{member.pk}/personal").status_code == 404
    assert api(city.far_unit_user).get(f"members/{member.pk}/personal").status_code == 404
    assert not MemberDataAccess.objects.exists()


def test_staff_pages_mask_until_the_logged_reveal(city, member):
    client = staff(city.community_user)
    for url in ("/staff/members/", f"/staff/members/{member.pk}/", f"/staff/members/{member.pk}/card/"):
        page = client.get(url)
        assert page.status_code == 200
        assert_hidden(page.content.decode())
    assert not MemberDataAccess.objects.exists()
    revealed = client.post(f"/staff/members/{member.pk}/personal/")
    assert ID in revealed.content.decode()
    assert revealed["Cache-Control"] == "no-store"
    assert MemberDataAccess.objects.filter(user=city.community_user, member=member, channel="page").count() == 1


def test_street_cannot_reveal_on_the_page(city, member):
    assert staff(city.street_user).post(f"/staff/members/{member.pk}/personal/").status_code == 403
    assert not MemberDataAccess.objects.exists()


def test_exports_are_masked(city, member):
    client = staff(city.city_user)
    roster = client.get("/staff/members/export.xlsx")
    assert roster["Content-Type"].startswith("application/vnd.openxmlformats")
    text = sheet_text(roster.content)
    assert "张建国" in text and "420981********0016" in text
    assert_hidden(text)
    card = sheet_text(client.get(f"/staff/members/{member.pk}/card.xlsx").content)
    assert "张建国" in card
    assert_hidden(card)
    risks = sheet_text(client.get("/staff/members/risks/export.xlsx?rule=pocket").content)
    assert_hidden(risks)


def test_roster_export_has_chinese_frozen_header(city, member):
    book = load_workbook(io.BytesIO(staff(city.city_user).get("/staff/members/export.xlsx").content))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "姓名" and sheet.freeze_panes == "A2"


def test_cells_that_excel_would_run_are_neutralised(city):
    for text in ("=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("张三") == "张三" and safe_cell(5) == 5
    make_member(city, name="=cmd|' /C calc'!A0", id_number="")
    text = sheet_text(staff(city.city_user).get("/staff/members/export.xlsx").content)
    assert "'=cmd|' /C calc'!A0" in text


def test_public_pages_and_public_api_show_no_member(city, api, member):
    from gongjian.activities import services

    worker = in_service(city, name="李卫东")
    activity = services.activity_create(actor=None, kind="sanjin", title="进社区", community=city.community,
                                        date=date(2010, 5, 1), organiser_unit=city.unit)
    services.participants_add(actor=None, activity=activity, members=[member, worker])
    for url in ("/activities/", f"/activities/{activity.pk}/", f"/activities/?community={city.community.pk}"):
        text = Client().get(url).content.decode()
        assert "张建国" not in text and "李卫东" not in text
        assert_hidden(text)
    answer = api().get("public/activities", {"when": "past"})
    assert answer.status_code == 200 and answer.json()["count"] == 1
    assert "张建国" not in answer.content.decode() and "李卫东" not in answer.content.decode()
    assert api().get("members").status_code == 401
