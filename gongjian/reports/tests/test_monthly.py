"""The monthly report: its text holds the month's figures; only city and street may make one."""

import io
import shutil
import subprocess

import pytest
from django.utils import timezone

from gongjian.projects import services as projects
from gongjian.reports.monthly import Month, monthly_report_data, render_docx, render_pdf
from gongjian.solicitation import services as solicitation
from gongjian.testing import PASSWORD


@pytest.fixture
def closed_project(city):
    rnd = solicitation.round_create(actor=city.city_user, name="2010年第一轮", year=2010)
    opinion = solicitation.opinion_create(actor=city.city_user, round=rnd, community=city.community,
                                          channel="form", category=city.category, content="下水道堵塞")
    problem = solicitation.problem_register(actor=city.city_user, round=rnd, community=city.community,
                                            title="人民路下水道堵塞", opinions=[opinion])
    problem = solicitation.problem_classify(actor=city.city_user, problem=problem, klass="A")
    project = projects.project_create(actor=city.city_user, problem=problem, title="疏通人民路下水道",
                                      lead_unit=city.unit, handler="李建国", is_key=True,
                                      deadline=timezone.localdate() + timezone.timedelta(days=20))
    for actor, action, note in [(city.street_user, "approve", ""), (city.unit_user, "start", ""),
                                (city.unit_user, "report_done", "已疏通"), (city.street_user, "close", "")]:
        project = projects.project_transition(actor=actor, project=project, action=action, note=note)
    return project


def this_month() -> Month:
    today = timezone.localdate()
    return Month(today.year, today.month)


def test_month_data_counts_the_closed_project(closed_project, city):
    data = monthly_report_data(month=this_month(), street=city.street)
    assert [p.pk for p in data["closed"]] == [closed_project.pk]
    assert data["key_closed"] == data["closed"]
    assert monthly_report_data(month=this_month(), street=city.other_street)["closed"] == []


def test_docx_holds_the_figures(closed_project, city):
    from docx import Document

    doc = Document(io.BytesIO(render_docx(monthly_report_data(month=this_month(), street=city.street))))
    text = "\n".join(p.text for p in doc.paragraphs) + "".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "城中街道社区共驻共建工作月报" in text
    assert "销号 1 个" in text
    assert "疏通人民路下水道" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_text_holds_the_figures(closed_project, city, tmp_path):
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(render_pdf(monthly_report_data(month=this_month(), street=city.street)))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "城中街道社区共驻共建工作月报" in text
    assert "疏通人民路下水道" in text


def test_street_downloads_its_monthly_report(client, closed_project, city):
    client.login(username="street", password=PASSWORD)
    month = this_month()
    response = client.get("/staff/dashboard/monthly/", {"month": f"{month.year}-{month.month:02d}",
                                                        "format": "docx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')


def test_unit_cannot_make_a_monthly_report(client, city):
    client.login(username="unit", password=PASSWORD)
    assert client.get("/staff/dashboard/monthly/", {"month": "2010-11"}).status_code == 403


def test_bad_month_is_explained(client, city):
    client.login(username="city", password=PASSWORD)
    response = client.get("/staff/dashboard/monthly/", {"month": "2010-13"})
    assert response.status_code == 400
    assert "月份格式须为 YYYY-MM" in response.content.decode()


def test_first_open_shows_the_form_without_an_error(client, city):
    client.login(username="city", password=PASSWORD)
    response = client.get("/staff/dashboard/monthly/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' not in body and "月份格式" not in body
    assert 'name="month"' in body  # last month is filled in


def test_submitting_without_a_month_asks_for_one_and_keeps_the_choices(client, city):
    client.login(username="city", password=PASSWORD)
    response = client.get("/staff/dashboard/monthly/", {"month": "", "street": city.street.pk, "format": "docx"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "请选择月份" in body
    assert f'<option value="{city.street.pk}" selected>' in body and '<option value="docx" selected>' in body
