"""Bulk set-up from Excel: all rows or none, row errors with the sheet's row numbers."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from gongjian.core.sheets import ImportRefused
from gongjian.projects.imports import parse_batch, parse_date, parse_money, projects_import
from gongjian.projects.models import Project

from .factories import make_problem, make_round

HEADER = ["问题档案号", "项目名称", "牵头单位", "协办单位", "承办人", "联系电话", "完成时限", "预算", "资金来源", "重点",
          "批次"]


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "立项.xlsx"
    return buffer


def _rows(city, a, b):
    return [
        [a.archive_no, "修复路灯", "应城市住建局", "应城市供电公司", "王建国", 13900001111, date(2099, 6, 30), 8000,
         "单位自筹", "是", 1],
        [b.archive_no, "疏通下水道", "应城市供电公司", "", "李四", "", "2099/7/15", "1,200.50", "", "否", "第2批"],
    ]


def test_a_sheet_sets_up_every_row(city):
    rnd = make_round()
    a, b = make_problem(city, rnd), make_problem(city, rnd, title="下水道堵塞")
    result = projects_import(actor=city.community_user, round=rnd, file=xlsx(_rows(city, a, b)),
                             filename="立项.xlsx")
    assert len(result.projects) == 2
    first, second = sorted(result.projects, key=lambda p: p.pk)
    assert first.handler_phone == "13900001111" and first.is_key and first.deadline == date(2099, 6, 30)
    assert list(first.co_units.all()) == [city.co_unit]
    assert str(second.budget) == "1200.50" and second.batch.number == 2 and not second.is_key
    assert result.warnings  # one key project in the community: outside 2–3


def test_one_bad_row_and_nothing_is_imported(city):
    rnd = make_round()
    a, b = make_problem(city, rnd), make_problem(city, rnd, title="下水道堵塞")
    rows = _rows(city, a, b)
    rows[1][2] = "不存在的单位"
    rows[1][6] = "明年"
    rows.append(["YC-2010-999", "x", "应城市住建局", "", "王", "", "2010-08-01", 0, "", "否", 1])
    with pytest.raises(ImportRefused) as exc:
        projects_import(actor=city.community_user, round=rnd, file=xlsx(rows), filename="立项.xlsx")
    errors = {(e["row"], e["field"]) for e in exc.value.rows}
    assert errors == {(3, "牵头单位"), (3, "完成时限"), (4, "问题档案号")}
    assert not Project.objects.exists()


def test_a_past_deadline_is_a_row_error_in_a_current_round(city):
    rnd = make_round()
    a, b = make_problem(city, rnd), make_problem(city, rnd, title="下水道堵塞")
    rows = _rows(city, a, b)
    rows[1][6] = "2010-07-15"
    with pytest.raises(ImportRefused) as exc:
        projects_import(actor=city.community_user, round=rnd, file=xlsx(rows), filename="立项.xlsx")
    assert [(e["row"], e["field"]) for e in exc.value.rows] == [(3, "完成时限")]
    assert "不能早于今天" in exc.value.rows[0]["message"]
    assert not Project.objects.exists()


def test_a_closed_rounds_sheet_is_history_and_keeps_its_deadlines(city):
    from gongjian.solicitation.services import round_set_status

    rnd = make_round()
    a, b = make_problem(city, rnd), make_problem(city, rnd, title="下水道堵塞")
    for status in ("screening", "in_progress", "closed"):
        rnd = round_set_status(actor=None, round=rnd, status=status)
    rows = _rows(city, a, b)
    rows[0][6], rows[1][6] = "2010-06-30", "2010-07-15"
    result = projects_import(actor=city.city_user, round=rnd, file=xlsx(rows), filename="立项.xlsx")
    assert sorted(p.deadline for p in result.projects) == [date(2010, 6, 30), date(2010, 7, 15)]


def test_a_class_c_problem_row_is_an_error(city):
    rnd = make_round()
    a, c = make_problem(city, rnd), make_problem(city, rnd, klass="C", title="不能解决的")
    with pytest.raises(ImportRefused) as exc:
        projects_import(actor=city.community_user, round=rnd, file=xlsx(_rows(city, a, c)), filename="x.xlsx")
    assert exc.value.rows[0]["row"] == 3
    assert not Project.objects.exists()


def test_problems_outside_the_actors_scope_are_unknown(city):
    rnd = make_round()
    far = make_problem(city, rnd, community=city.far)
    rows = [[far.archive_no, "x", "应城市人民医院", "", "王", "", "2010-08-01", 0, "", "否", 1]]
    with pytest.raises(ImportRefused) as exc:
        projects_import(actor=city.community_user, round=rnd, file=xlsx(rows), filename="x.xlsx")
    assert exc.value.rows[0]["field"] == "问题档案号"


def test_a_missing_column_is_reported_on_row_1(city):
    book = Workbook()
    book.active.append(["项目名称", "承办人"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportRefused) as exc:
        projects_import(actor=city.city_user, round=make_round(), file=buffer, filename="x.xlsx")
    assert {e["field"] for e in exc.value.rows} == {"问题档案号", "牵头单位", "完成时限"}


def test_a_gbk_csv_is_read(city):
    rnd = make_round()
    a = make_problem(city, rnd)
    text = ",".join(HEADER) + "\n" + f"{a.archive_no},修路灯,应城市住建局,,王建国,,2099年6月30日,500,,是,1\n"
    result = projects_import(actor=city.street_user, round=rnd, file=io.BytesIO(text.encode("gbk")),
                             filename="立项.csv")
    assert result.projects[0].deadline == date(2099, 6, 30)


def test_cell_parsers():
    assert parse_date("2010.6.3") == date(2010, 6, 3)
    assert parse_date(40359) == date(2010, 6, 30)
    assert parse_money("8,000元") == 8000
    assert parse_batch("第3批") == 3
    with pytest.raises(ValueError):
        parse_batch("三")


def test_import_through_the_api(city, api):
    rnd = make_round()
    a, b = make_problem(city, rnd), make_problem(city, rnd, title="下水道堵塞")
    client = api(city.community_user)
    response = client.post_multipart("projects/import", {"file": xlsx(_rows(city, a, b)), "round": rnd.pk})
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 2
    rows = _rows(city, a, b)
    rows[0][2] = "不存在"
    response = client.post_multipart("projects/import", {"file": xlsx(rows), "round": rnd.pk})
    assert response.status_code == 400
    assert response.json()["errors"]["rows"][0] == {"row": 2, "field": "牵头单位",
                                                    "message": "“不存在”不是三眼井社区的辖区单位"}
    assert Project.objects.count() == 2
    assert api(city.unit_user).post_multipart("projects/import", {"round": rnd.pk}).status_code == 403
