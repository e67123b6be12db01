"""Roster import: all rows or none, every error with its row and column."""

import io

import pytest
from django.test import Client
from openpyxl import Workbook

from gongjian.members.models import Member

from .factories import community_org, id_number, make_member

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "性别", "身份证号", "电话", "类别", "居住社区", "工作单位", "长期在外", "出生日期"]


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "名册.xlsx"
    return out


def test_good_roster_is_imported_whole(city, api):
    community_org(city.community)
    rows = [["张一", "男", id_number(), "13800000001", "自管", "三眼井社区", "", "否", "1950-01-02"],
            ["李二", "女", id_number(), "", "在职党员", "城北社区", "应城市住建局", "", "1970年5月"],
            ["王三", "", "", "", "退休", "CZ01", "", "是", ""]]
    answer = api(city.city_user).post_multipart("members/import", {"file": xlsx(rows)})
    assert answer.status_code == 201, answer.content
    assert answer.json() == {"created": 3}
    li = Member.objects.get(name="李二")
    assert li.unit == city.unit and li.community == city.far and li.birth_date.isoformat() == "1970-05-01"
    wang = Member.objects.get(name="王三")
    assert wang.away and wang.organization.community == city.community
    assert Member.history.filter(history_type="+").count() == 3


def test_any_bad_row_means_nothing_is_imported(city, api):
    taken = id_number()
    make_member(city, name="已登记", id_number=taken)
    twice = id_number()
    rows = [["张一", "男", twice, "", "自管", "三眼井社区", "", "", ""],
            ["李二", "男", twice, "", "自管", "三眼井社区", "", "", ""],
            ["王三", "男", "420981196503120019", "", "自管", "三眼井社区", "", "", ""],
            ["赵四", "男", "", "abc", "党委", "火星社区", "", "也许", ""],
            ["孙五", "男", "", "", "在职", "三眼井社区", "", "", ""],
            ["周六", "男", taken, "", "自管", "三眼井社区", "", "", ""]]
    answer = api(city.city_user).post_multipart("members/import", {"file": xlsx(rows)})
    assert answer.status_code == 400
    errors = {(e["row"], e["field"]) for e in answer.json()["errors"]["rows"]}
    assert (3, "身份证号") in errors  # repeats row 2
    assert (4, "身份证号") in errors  # bad check digit
    assert {(5, "电话"), (5, "类别"), (5, "居住社区"), (5, "长期在外")} <= errors
    assert (6, "工作单位") in errors  # in service without a unit
    assert (7, "身份证号") in errors  # already registered
    assert (2, "身份证号") not in errors
    assert Member.objects.count() == 1


def test_unit_imports_only_its_own_members(city, api):
    rows = [["张一", "男", id_number(), "", "在职", "城北社区", "", "", ""],
            ["李二", "男", id_number(), "", "在职", "城北社区", "应城市供电公司", "", ""]]
    answer = api(city.unit_user).post_multipart("members/import", {"file": xlsx(rows)})
    assert answer.status_code == 400
    assert [(e["row"], e["field"]) for e in answer.json()["errors"]["rows"]] == [(3, "工作单位")]
    ok = api(city.unit_user).post_multipart("members/import", {"file": xlsx(rows[:1])})
    assert ok.status_code == 201
    assert Member.objects.get().unit == city.unit


def test_csv_in_gbk_and_wrong_files(city, api):
    community_org(city.community)
    text = "姓名,类别,居住社区\n张一,自管,三眼井社区\n"
    upload = io.BytesIO(text.encode("gb18030"))
    upload.name = "名册.csv"
    assert api(city.community_user).post_multipart("members/import", {"file": upload}).status_code == 201
    fake = io.BytesIO(b"not a workbook")
    fake.name = "名册.xlsx"
    answer = api(city.community_user).post_multipart("members/import", {"file": fake})
    assert answer.status_code == 400 and "xlsx" in answer.json()["detail"]
    assert api(city.liaison_user).post_multipart("members/import", {"file": fake}).status_code == 403


def test_import_page_lists_row_errors(city):
    client = Client()
    client.force_login(city.community_user)
    page = client.post("/staff/members/import/", {"file": xlsx([["", "", "", "", "自管", "三眼井社区", "", "", ""]])})
    assert "第 2 行" in page.content.decode() and not Member.objects.exists()
    assert client.get("/staff/members/import/template.xlsx").status_code == 200
