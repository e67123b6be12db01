"""The assessment tables open and show Chinese: the .xlsx is read back with openpyxl (headers, frozen
header row, widths, no formula injection); the PDF's text is extracted (pdftotext, or pypdf)."""

import shutil
import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook

from gongjian.evaluation import services
from gongjian.evaluation.exports import UNIT_HEADERS, safe_cell
from gongjian.evaluation.models import ExportJob
from gongjian.registry.services import unit_create

from .factories import make_campaign, rate

pytestmark = pytest.mark.django_db


def _cjk_font_installed() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


def _pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True,
                              check=True).stdout.decode("utf-8")
    pypdf = pytest.importorskip("pypdf", reason="neither pdftotext (poppler-utils) nor pypdf to read the PDF")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(content)).pages)


@pytest.fixture
def year_rated(city):
    campaign = make_campaign()
    rate(campaign, city.community, city.unit, [5, 4, 3, 4])
    rate(campaign, city.unit, city.community, [4, 4, 4, 4])
    services.campaign_close(actor=None, campaign=campaign)
    return 2010


def test_units_xlsx_has_chinese_headers_a_frozen_row_and_widths(city, api, year_rated):
    r = api(city.city_user).get("assessment/export", {"year": year_rated, "kind": "units", "format": "xlsx"})
    assert r.status_code == 200, r.content
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in r["Content-Disposition"]
    book = load_workbook(BytesIO(r.content))
    sheet = book["单位考核"]
    assert [c.value for c in sheet[1]] == [h for h, _w in UNIT_HEADERS]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 30
    rows = {row[4]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"应城市住建局", "应城市供电公司", "应城市第一中学", "应城市人民医院"}
    zhujianju = rows["应城市住建局"]
    assert zhujianju[2] == "城中街道" and zhujianju[3] == "三眼井社区"
    assert zhujianju[8] == 81.0  # the community's rating, points of 100
    assert zhujianju[11] == 81  # only the evaluation term has data: 30×0.81 ÷ 30 × 100
    assert "×" in zhujianju[12]  # the formula beside the score
    assert book["计算说明"]["A1"].value == "项目"


def test_communities_xlsx(city, api, year_rated):
    r = api(city.street_user).get("assessment/export", {"year": year_rated, "kind": "communities", "format": "xlsx"})
    assert r.status_code == 200
    sheet = load_workbook(BytesIO(r.content))["社区考核"]
    assert sheet["D1"].value == "社区" and sheet.freeze_panes == "A2"
    assert {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"三眼井社区", "蒲阳社区"}


def test_a_community_rated_by_fewer_than_three_units_shows_too_few_raters_in_the_export(city, api, year_rated):
    r = api(city.street_user).get("assessment/export", {"year": year_rated, "kind": "communities", "format": "xlsx"})
    rows = {row[3]: row for row in load_workbook(BytesIO(r.content))["社区考核"].iter_rows(min_row=2, values_only=True)}
    assert rows["三眼井社区"][4] == "评议人数不足"  # one unit rated it: its score is not passed off as an average
    assert rows["蒲阳社区"][4] == "暂无数据"


def test_xlsx_cells_cannot_start_a_formula(city, api, year_rated):
    unit_create(actor=None, community=city.community, name="=HYPERLINK(\"http://x\",\"点我\")", kind="other")
    r = api(city.city_user).get("assessment/export", {"year": year_rated, "kind": "units", "format": "xlsx"})
    names = [row[4] for row in load_workbook(BytesIO(r.content)).active.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://x\",\"点我\")" in names
    assert safe_cell("+1") == "'+1" and safe_cell("-1") == "'-1" and safe_cell("@x") == "'@x"
    assert safe_cell(-1) == -1 and safe_cell("住建局") == "住建局"


def test_a_unit_exports_only_its_own_row(city, api, year_rated):
    r = api(city.unit_user).get("assessment/export", {"year": year_rated, "kind": "units", "format": "xlsx"})
    names = [row[4] for row in load_workbook(BytesIO(r.content)).active.iter_rows(min_row=2, values_only=True)]
    assert names == ["应城市住建局"]


@pytest.mark.skipif(not _cjk_font_installed(), reason="no Chinese font installed (apt-get install fonts-noto-cjk)")
def test_pdf_contains_the_chinese_text(city, api, year_rated):
    r = api(city.city_user).get("assessment/export", {"year": year_rated, "kind": "units", "format": "pdf"})
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    text = _pdf_text(r.content)
    assert "辖区单位目标责任考核结果" in text
    assert "应城市住建局" in text and "三眼井社区" in text
    assert "计算公式" in text


@pytest.mark.skipif(not _cjk_font_installed(), reason="no Chinese font installed (apt-get install fonts-noto-cjk)")
def test_community_pdf(city, api, year_rated):
    r = api(city.city_user).get("assessment/export", {"year": year_rated, "kind": "communities", "format": "pdf"})
    text = _pdf_text(r.content)
    assert "社区目标责任考核结果" in text and "城北社区" in text


def test_a_big_table_is_rendered_in_the_background(city, api, year_rated, settings,
                                                    django_capture_on_commit_callbacks):
    settings.GONGJIAN_EXPORT_SYNC_LIMIT = 2
    client = api(city.city_user)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.get("assessment/export", {"year": year_rated, "kind": "units", "format": "xlsx"})
    assert r.status_code == 202, r.content
    job_id = r.json()["id"]
    job = client.get(f"assessment/exports/{job_id}").json()
    assert job["status"] == "done" and job["rows"] == 4 and job["file_url"]
    f = client.get(job["file_url"])
    assert f.status_code == 200
    assert load_workbook(BytesIO(f.content)).active["A1"].value == "全市排名"
    # Somebody else's export: not found.
    assert api(city.street_user).get(f"assessment/exports/{job_id}").status_code == 404
    assert ExportJob.objects.get(pk=job_id).created_by == city.city_user


def test_bad_export_parameters(city, api, year_rated):
    r = api(city.city_user).get("assessment/export", {"year": year_rated, "kind": "people", "format": "doc"})
    assert r.status_code == 400 and set(r.json()["errors"]) == {"kind", "format"}
