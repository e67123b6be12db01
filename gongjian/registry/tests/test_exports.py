"""Excel exports hold only the rows the user may see, with the filters applied, and run no formulas."""

import io

from openpyxl import load_workbook

from gongjian.core.xlsx import safe_cell
from gongjian.registry.services import unit_create
from gongjian.testing import PASSWORD


def _sheet(response):
    body = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(body)).active


def test_unit_export_holds_only_visible_rows(client, city):
    client.login(username="unit", password=PASSWORD)
    response = client.get("/staff/registry/units/", {"format": "xlsx"})
    assert response.status_code == 200
    sheet = _sheet(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("单位名称", "性质", "行政级别", "所在社区")
    assert {r[0] for r in rows[1:]} == {"应城市住建局", "应城市供电公司"}
    assert sheet.freeze_panes == "A2"


def test_unit_export_applies_the_search_filter(client, city):
    client.login(username="city", password=PASSWORD)
    rows = list(_sheet(client.get("/staff/registry/units/", {"format": "xlsx", "q": "医院"})).iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["应城市人民医院"]


def test_formula_injection_is_neutralised_in_exports(client, city):
    unit_create(actor=None, community=city.community, name="=cmd|' /C calc'!A0")
    client.login(username="city", password=PASSWORD)
    rows = list(_sheet(client.get("/staff/registry/units/", {"format": "xlsx"})).iter_rows(values_only=True))
    assert "'=cmd|' /C calc'!A0" in [r[0] for r in rows]


def test_safe_cell_keeps_numbers_and_marks_formulas():
    assert safe_cell(12) == 12
    assert safe_cell("+1") == "'+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("三眼井") == "三眼井"
    assert safe_cell(None) == ""
