"""The one sheet reader of every import: header first, rows lazily, reading stops at the row limit —
a small file of a million rows is refused after reading at most limit + 1 rows (issue 15)."""

import csv
import io
import zipfile
from datetime import datetime

import openpyxl
import pytest

from gongjian.core import sheets
from gongjian.core.cells import cell_text
from gongjian.core.sheets import ImportRefused, SheetFileError, SheetTooLong, open_sheet, sheet_kind
from gongjian.members.imports import MAX_ROWS as MEMBER_ROWS
from gongjian.members.imports import RosterFileError, RosterRowsInvalid
from gongjian.members.services import members_import
from gongjian.projects.imports import MAX_ROWS as PROJECT_ROWS
from gongjian.projects.imports import projects_import
from gongjian.solicitation import services as solicitation
from gongjian.solicitation.imports import MAX_ROWS as OPINION_ROWS
from gongjian.solicitation.imports import ImportFileError
from gongjian.solicitation.models import Opinion

MILLION = 1_000_000
# Every import's required columns, so that each gets past its header check.
HEADER = ["社区", "渠道", "类别", "内容", "姓名", "问题档案号", "项目名称", "牵头单位", "承办人", "完成时限"]


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def million_row_xlsx(rows: int = MILLION) -> bytes:
    """A real .xlsx of `rows` data rows, written part by part (openpyxl would take minutes): small on
    the wire, since the rows compress well."""
    columns = "ABCDEFGHIJ"
    header = "".join(_inline(f"{columns[i]}1", title) for i, title in enumerate(HEADER))
    body = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, rows + 2))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             f'<row r="1">{header}</row>{body}</sheetData></worksheet>')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.fixture(scope="module")
def million_xlsx() -> bytes:
    data = million_row_xlsx()
    assert len(data) < 8 * 1024 * 1024  # a small file
    return data


@pytest.fixture(scope="module")
def million_csv() -> bytes:
    return (",".join(HEADER) + "\n" + "x\n" * MILLION).encode()


@pytest.fixture
def refusals(monkeypatch):
    """The rows the reader had read each time it refused a sheet as too long."""
    seen: list[int] = []
    real = SheetTooLong.__init__

    def spy(self, max_rows, rows_read):
        seen.append(rows_read)
        real(self, max_rows, rows_read)

    monkeypatch.setattr(SheetTooLong, "__init__", spy)
    return seen


def small_xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------ the reader


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_million_rows_are_refused_after_reading_at_most_the_limit_plus_one(million_xlsx, million_csv, kind,
                                                                             refusals):
    data = million_xlsx if kind == "xlsx" else million_csv
    with pytest.raises(SheetTooLong):
        with open_sheet(io.BytesIO(data), kind, max_rows=1000) as sheet:
            for _row in sheet.rows():
                pass
    assert refusals and refusals[-1] <= 1001


def test_the_header_comes_before_any_row_is_read():
    data = (",".join(HEADER) + "\n" + "x\n" * 10).encode()
    sheet = open_sheet(io.BytesIO(data), "csv", max_rows=5)
    assert sheet.header == HEADER and sheet.rows_read == 0


def test_rows_within_the_limit_are_all_read_with_their_numbers():
    data = small_xlsx([["社 区", "内容"], ["三眼井社区", "路灯坏了"], [None, None], ["蒲阳社区", datetime(2010, 5, 3)]])
    with open_sheet(io.BytesIO(data), "xlsx", max_rows=2) as sheet:
        assert sheet.header == ["社区", "内容"]
        rows = list(sheet.rows())
    assert [n for n, _cells in rows] == [2, 3, 4]
    assert rows[0][1] == ("三眼井社区", "路灯坏了")
    assert cell_text(rows[2][1][1]) == "2010-05-03"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_encoding_staff_save(encoding):
    text = io.StringIO()
    csv.writer(text).writerows([["社区", "内容"], ["三眼井社区", "路灯坏了"]])
    with open_sheet(io.BytesIO(text.getvalue().encode(encoding)), "csv") as sheet:
        assert sheet.header == ["社区", "内容"]
        assert list(sheet.rows()) == [(2, ("三眼井社区", "路灯坏了"))]


@pytest.mark.parametrize("name, head, message", [
    ("a.txt", b"hello", "只能导入"), ("a.xlsx", b"hello", "不是 Excel"), ("a.xls", b"PK\x03\x04", "97-2003"),
    ("a.csv", b"PK\x03\x04", "Excel 工作簿"),
])
def test_the_kind_is_checked_by_name_and_bytes(name, head, message):
    with pytest.raises(SheetFileError) as info:
        sheet_kind(name, head)
    assert message in info.value.message


def test_the_first_sheet_is_found_through_the_workbook_relations():
    data = small_xlsx([["社区"], ["三眼井社区"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sheets._first_sheet_path(archive) == "xl/worksheets/sheet1.xml"


# ------------------------------------------------------------------------------ every import


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_opinions_import_stops_at_its_row_limit(city, million_xlsx, million_csv, kind, refusals):
    from gongjian.solicitation.tests.factories import make_round

    data = million_xlsx if kind == "xlsx" else million_csv
    with pytest.raises(ImportFileError) as info:
        solicitation.opinion_import(actor=city.community_user, round=make_round(), communities=[city.community],
                                    fileobj=io.BytesIO(data), kind=kind)
    assert "最多导入" in info.value.message
    assert refusals and refusals[-1] <= OPINION_ROWS + 1
    assert Opinion.objects.count() == 0


@pytest.mark.parametrize("name", ["党员.xlsx", "党员.csv"])
def test_the_members_import_stops_at_its_row_limit(city, million_xlsx, million_csv, name, refusals):
    from gongjian.members.models import Member

    data = million_xlsx if name.endswith("xlsx") else million_csv
    with pytest.raises(RosterFileError):
        members_import(actor=city.community_user, data=data, filename=name)
    assert refusals and refusals[-1] <= MEMBER_ROWS + 1
    assert Member.objects.count() == 0


@pytest.mark.parametrize("name", ["立项.xlsx", "立项.csv"])
def test_the_projects_import_stops_at_its_row_limit(city, million_xlsx, million_csv, name, refusals):
    from gongjian.projects.models import Project
    from gongjian.solicitation.tests.factories import make_round

    data = million_xlsx if name.endswith("xlsx") else million_csv
    with pytest.raises(ImportRefused) as info:
        projects_import(actor=city.community_user, round=make_round(), file=io.BytesIO(data), filename=name)
    assert "最多导入" in info.value.detail
    assert refusals and refusals[-1] <= PROJECT_ROWS + 1
    assert Project.objects.count() == 0


def test_an_import_with_a_wrong_header_stops_before_reading_rows(city, monkeypatch):
    """The projects import spent seconds reading a sheet before looking at its header."""
    read = []
    real_rows = sheets.Sheet.rows
    monkeypatch.setattr(sheets.Sheet, "rows", lambda self: read.append(1) or real_rows(self))
    data = ("名称,备注\n" + "x,y\n" * 1000).encode()
    with pytest.raises(ImportRefused) as info:
        projects_import(actor=city.community_user, round=None, file=io.BytesIO(data), filename="立项.csv")
    assert "表头缺少" in info.value.detail
    with pytest.raises(RosterRowsInvalid) as roster:
        members_import(actor=city.community_user, data=data, filename="党员.csv")
    assert {e["row"] for e in roster.value.errors} == {1}
    assert read == []
