"""Excel import of the registry: the template has the Chinese headers; all rows or none, with errors
by row number; references are looked up inside the importer's scope."""

import io

from openpyxl import Workbook, load_workbook

from gongjian.registry.models import Cadre, Community, Unit
from gongjian.testing import PASSWORD


def _xlsx(rows, name="表.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = name
    return out


def test_the_template_has_the_chinese_headers(client, city):
    client.login(username="city", password=PASSWORD)
    response = client.get("/staff/registry/units/import/template.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert next(book.worksheets[0].iter_rows(values_only=True)) == (
        "单位名称", "所在社区", "单位性质", "行政级别", "联系人", "联系电话")
    assert book.worksheets[1].title == "填写说明"


def test_units_are_imported_by_community_name_and_chinese_labels(client, city):
    client.login(username="city", password=PASSWORD)
    sheet = _xlsx([["单位名称", "所在社区", "单位性质", "行政级别"],
                   ["应城市实验小学", "蒲阳社区", "学校", "股级"],
                   ["应城市税务局", "城北社区", "党政机关", "正科级"]])
    response = client.post("/staff/registry/units/import/", {"file": sheet})
    assert response.status_code == 302
    school = Unit.objects.get(name="应城市实验小学")
    assert (school.community, school.kind, school.rank) == (city.sibling, "school", "stock")


def test_one_bad_row_imports_nothing_and_names_its_row(client, city):
    client.login(username="city", password=PASSWORD)
    before = Unit.objects.count()
    sheet = _xlsx([["单位名称", "所在社区", "单位性质"],
                   ["应城市实验小学", "蒲阳社区", "学校"],
                   ["应城市税务局", "不存在社区", "党政机关"],
                   ["应城市档案馆", "蒲阳社区", "博物馆"]])
    response = client.post("/staff/registry/units/import/", {"file": sheet})
    page = response.content.decode()
    assert "有 2 行有错误，全部未导入" in page
    assert "第 3 行" in page and "不存在社区" in page and "第 4 行" in page and "博物馆" in page
    assert Unit.objects.count() == before


def test_a_name_repeated_in_the_sheet_imports_nothing(client, city):
    client.login(username="city", password=PASSWORD)
    sheet = _xlsx([["街道", "名称", "代码"], ["城中街道", "月园社区", "CZ11"], ["城中街道", "月园社区", "CZ12"]])
    page = client.post("/staff/registry/communities/import/", {"file": sheet}).content.decode()
    assert "第 3 行" in page
    assert not Community.objects.filter(name="月园社区").exists()


def test_street_admin_cannot_import_communities_into_another_street(client, city):
    client.login(username="street", password=PASSWORD)
    sheet = _xlsx([["街道", "名称", "代码"], ["城北街道", "越界社区", "CB09"]])
    page = client.post("/staff/registry/communities/import/", {"file": sheet}).content.decode()
    assert "没有名为“城北街道”的街道" in page
    assert not Community.objects.filter(name="越界社区").exists()


def test_cadres_are_imported_for_a_street_admins_own_communities(client, city):
    client.login(username="street", password=PASSWORD)
    sheet = _xlsx([["姓名", "社区", "职务", "出生年份", "文化程度"], ["王芳", "三眼井社区", "书记", 1972, "大专"]])
    assert client.post("/staff/registry/cadres/import/", {"file": sheet}).status_code == 302
    cadre = Cadre.objects.get(name="王芳")
    assert (cadre.community, cadre.birth_year, cadre.education) == (city.community, 1972, "college")


def test_unit_user_cannot_import(client, city):
    client.login(username="unit", password=PASSWORD)
    sheet = _xlsx([["单位名称", "所在社区"], ["越权单位", "三眼井社区"]])
    assert client.post("/staff/registry/units/import/", {"file": sheet}).status_code == 403
    assert not Unit.objects.filter(name="越权单位").exists()
