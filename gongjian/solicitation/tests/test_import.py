"""Opinion import: the files staff really have, all rows or none, a row-by-row error report.

Fixtures are written by real tools in the test itself: .xlsx by openpyxl, the old .xls by xlwt (the
library that writes BIFF8 as Excel 97-2003 does), CSVs by Python's codecs (GBK/GB18030 as Chinese
Excel saves them).
"""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from simple_history.utils import get_history_model_for_model

from gongjian.solicitation import services
from gongjian.solicitation.imports import ImportFileError, check_upload
from gongjian.solicitation.models import ImportJob, Opinion

from .factories import make_round

HEADER = ["社区", "渠道", "类别", "内容", "姓名", "电话", "日期", "表号"]
GOOD_ROWS = [
    ["三眼井社区", "征求意见表", "环境卫生", "3栋楼道灯坏了", "张三", "13812345678", "2010-05-03", "0001"],
    ["CZ01", "座谈会", "sanitation", "小区门口垃圾堆放，无人清运", "", "", "2010/5/4", ""],
    ["蒲阳社区", "hotline", "道路交通", "蒲阳路口红绿灯时间太短", "李四", "0712-5221234", "", "0003"],
]


def xlsx_bytes(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls_bytes(rows, header=HEADER) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("意见")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for col, title in enumerate(header):
        sheet.write(0, col, title)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, date | datetime):
                sheet.write(r, col, value, date_style)
            else:
                sheet.write(r, col, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding: str, header=HEADER) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")  # Excel on Windows ends lines with CRLF
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


@pytest.fixture
def rnd(db):
    return make_round()


def upload(client, rnd, name, data):
    return client.post_multipart("opinions/import", {"round": str(rnd.pk),
                                                     "file": SimpleUploadedFile(name, data)})


def assert_imported(response, rnd, n=3):
    assert response.status_code == 201, response.json()
    assert response.json() == {"created": n}
    opinions = Opinion.objects.filter(round=rnd).order_by("id")
    assert opinions.count() == n
    first = opinions[0]
    assert (first.community.name, first.channel, first.category.code) == ("三眼井社区", "form", "sanitation")
    assert first.content == "3栋楼道灯坏了"
    assert first.submitter_phone == "13812345678"
    assert first.received_on == date(2010, 5, 3)
    assert first.form_no == "0001"
    assert len({o.receipt_code for o in opinions}) == n
    return opinions


def test_import_xlsx(city, api, rnd):
    opinions = assert_imported(upload(api(city.street_user), rnd, "意见.xlsx", xlsx_bytes(GOOD_ROWS)), rnd)
    assert opinions[1].received_on == date(2010, 5, 4)
    assert opinions[2].channel == "hotline"
    assert all(o.entered_by_id == city.street_user.pk for o in opinions)


def test_import_xlsx_with_real_date_cells_and_numeric_phones(city, api, rnd):
    rows = [["三眼井社区", "征求意见表", "环境卫生", "3栋楼道灯坏了", "张三", 13812345678, datetime(2010, 5, 3), "0001"]]
    response = upload(api(city.community_user), rnd, "a.xlsx", xlsx_bytes(rows))
    assert_imported(response, rnd, n=1)


def test_import_old_xls_written_by_xlwt(city, api, rnd):
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][6] = date(2010, 5, 3)  # a real date cell, as Excel keeps it
    data = xls_bytes(rows)
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert_imported(upload(api(city.street_user), rnd, "意见.xls", data), rnd)


def test_import_csv_utf8(city, api, rnd):
    assert_imported(upload(api(city.street_user), rnd, "意见.csv", csv_bytes(GOOD_ROWS, "utf-8")), rnd)


def test_import_csv_utf8_with_bom(city, api, rnd):
    data = csv_bytes(GOOD_ROWS, "utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert_imported(upload(api(city.street_user), rnd, "意见.csv", data), rnd)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_import_csv_gbk_as_chinese_excel_saves_it(city, api, rnd, encoding):
    data = csv_bytes(GOOD_ROWS, encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert_imported(upload(api(city.street_user), rnd, "意见.csv", data), rnd)


def test_one_bad_row_imports_nothing_and_names_the_row_and_field(city, api, rnd):
    rows = GOOD_ROWS + [["三眼井社区", "征求意见表", "环境卫生", "路灯", "", "", "", ""]] * 2
    rows = rows + [["不存在社区", "征求意见表", "环境卫生", "路灯坏了", "", "", "", ""]]
    before = Opinion.objects.count()
    response = upload(api(city.street_user), rnd, "意见.xlsx", xlsx_bytes(rows))
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["rows"] == [{"row": 7, "field": "社区", "message": "社区“不存在社区”不存在或不在您的管辖范围内"}]
    assert "全部未导入" in body["detail"]
    assert Opinion.objects.count() == before


def test_every_bad_cell_is_reported(city, api, rnd):
    rows = [["三眼井社区", "飞鸽传书", "环境卫生", "", "", "abc", "2010-13-45", ""],
            ["三眼井社区", "征求意见表", "没有的类别", "内容", "", "", "", ""]]
    body = upload(api(city.community_user), rnd, "a.csv", csv_bytes(rows, "gbk")).json()
    assert [(e["row"], e["field"]) for e in body["errors"]["rows"]] == [
        (2, "渠道"), (2, "内容"), (2, "电话"), (2, "日期"), (3, "类别")]
    assert Opinion.objects.count() == 0


def test_community_cannot_import_rows_of_another_community(city, api, rnd):
    rows = [GOOD_ROWS[0], ["城北社区", "征求意见表", "环境卫生", "路灯", "", "", "", ""]]
    response = upload(api(city.community_user), rnd, "a.xlsx", xlsx_bytes(rows))
    assert response.status_code == 400
    assert response.json()["errors"]["rows"][0]["row"] == 3
    assert Opinion.objects.count() == 0


def test_missing_header_is_reported_on_row_1(city, api, rnd):
    response = upload(api(city.street_user), rnd, "a.csv",
                      csv_bytes([["三眼井社区", "路灯"]], "utf-8", header=["社区", "内容"]))
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]["rows"] if e["row"] == 1}
    assert fields == {"渠道", "类别"}


def test_blank_trailing_rows_are_ignored(city, api, rnd):
    rows = GOOD_ROWS + [["", "", "", "", "", "", "", ""]]
    assert_imported(upload(api(city.street_user), rnd, "a.csv", csv_bytes(rows, "utf-8")), rnd)


def test_imported_opinions_have_audit_history(city, api, rnd):
    upload(api(city.street_user), rnd, "a.xlsx", xlsx_bytes(GOOD_ROWS))
    history = get_history_model_for_model(Opinion).objects.all()
    assert history.count() == 3
    assert {h.history_user_id for h in history} == {city.street_user.pk}
    assert {h.history_change_reason for h in history} == {"批量导入"}


def test_unit_may_not_import(city, api, rnd):
    response = upload(api(city.unit_user), rnd, "a.xlsx", xlsx_bytes(GOOD_ROWS))
    assert response.status_code == 403
    assert Opinion.objects.count() == 0


def test_import_into_a_closed_round_is_409(city, api):
    from gongjian.solicitation.models import Round

    closed = make_round(status=Round.Status.CLOSED)
    assert upload(api(city.street_user), closed, "a.xlsx", xlsx_bytes(GOOD_ROWS)).status_code == 409


@pytest.mark.parametrize("name, data, message", [
    ("a.xlsx", b"not a zip file at all", "不是 Excel"),
    ("a.xls", b"PK\x03\x04 pretending", "不是 Excel 97-2003"),
    ("a.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "内容是 Excel"),
    ("a.txt", b"hello", "只能导入"),
    ("a.xlsx", b"", "空"),
])
def test_upload_is_checked_by_extension_and_content(name, data, message):
    with pytest.raises(ImportFileError) as info:
        check_upload(name, len(data), data[:8], io.BytesIO(data))
    assert message in info.value.message


def test_xlsx_without_a_workbook_inside_is_refused(city, api, rnd):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    response = upload(api(city.street_user), rnd, "a.xlsx", out.getvalue())
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_too_big_upload_is_refused(settings):
    with pytest.raises(ImportFileError) as info:
        check_upload("a.csv", 25 * 1024 * 1024, b"abc")
    assert "太大" in info.value.message


def test_import_job_runs_through_the_task_queue_and_records_progress(city, rnd, django_capture_on_commit_callbacks):
    data = xlsx_bytes(GOOD_ROWS * 400)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(actor=city.community_user, round=rnd, kind="xlsx", total=1200,
                                         upload=SimpleUploadedFile("big.xlsx", data))
    job.refresh_from_db()
    # the community user's scope: rows of 蒲阳社区 are errors, nothing imported
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["field"] == "社区"
    assert Opinion.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(actor=city.street_user, round=rnd, kind="xlsx", total=1200,
                                         upload=SimpleUploadedFile("big.xlsx", data))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.created == 1200
    assert Opinion.objects.count() == 1200
    assert not job.file  # the upload (residents' phone numbers) is not kept once imported


def test_receipt_codes_are_unique_and_from_the_alphabet():
    codes = services.receipt_codes_new(5000)
    assert len(set(codes)) == 5000
    assert all(len(c) == 12 and set(c) <= set(services.RECEIPT_ALPHABET) for c in codes)
