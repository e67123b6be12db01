"""Staff pages: fast entry, import, screening workbench, problem register, solicitation records."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongjian.solicitation.models import ImportJob, Opinion, Problem, Round, Solicitation
from gongjian.solicitation.views import imports as import_views
from gongjian.solicitation.views import screening as screening_views

from .factories import make_opinion, make_problem, make_project, make_round
from .test_import import GOOD_ROWS, xlsx_bytes


@pytest.fixture
def rnd(db):
    return make_round()


def login(user):
    client = Client()
    client.force_login(user)
    return client


# ------------------------------------------------------------------------------ entry


def test_fast_entry_saves_stays_on_the_page_and_shows_the_receipt_code(city, rnd):
    client = login(city.community_user)
    response = client.post(reverse("solicitation:opinion_create"), {
        "round": rnd.pk, "community": city.community.pk, "channel": "form", "category": city.category.pk,
        "content": "3栋楼道灯坏了", "submitter_name": "张三", "submitter_phone": "13812345678",
        "received_on": "2010-05-03", "form_no": "0007"})
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.entered_by == city.community_user and opinion.form_no == "0007"
    page = client.get(response["Location"]).content.decode()
    assert opinion.receipt_code in page
    assert "打印回执" in page
    assert 'value="2010-05-03"' in page  # the date is kept for the next form of the batch
    receipt = client.get(reverse("solicitation:opinion_receipt", args=[opinion.pk])).content.decode()
    assert opinion.receipt_code in receipt and "13812345678" not in receipt


def test_fast_entry_refuses_another_communitys_opinion(city, rnd):
    client = login(city.community_user)
    response = client.post(reverse("solicitation:opinion_create"), {
        "round": rnd.pk, "community": city.far.pk, "channel": "form", "category": city.category.pk,
        "content": "路灯坏了", "received_on": "2010-05-03"})
    assert response.status_code == 200
    assert "不在您的管辖范围" in response.content.decode()
    assert Opinion.objects.count() == 0


@pytest.mark.parametrize("name", ["opinion_create", "workbench", "opinion_import", "import_template"])
def test_unit_cannot_open_screening_pages(city, rnd, name):
    assert login(city.unit_user).get(reverse(f"solicitation:{name}")).status_code == 403


def test_pages_need_login(city, rnd):
    response = Client().get(reverse("solicitation:workbench"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_posts_need_the_csrf_token(city, rnd):
    client = Client(enforce_csrf_checks=True)
    client.force_login(city.community_user)
    opinion = make_opinion(city, rnd)
    response = client.post(reverse("solicitation:opinion_reject", args=[opinion.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert Opinion.objects.get(pk=opinion.pk).status == "pending"


# ------------------------------------------------------------------------------ import


def test_import_page_imports_a_small_file_at_once(city, rnd):
    client = login(city.street_user)
    response = client.post(reverse("solicitation:opinion_import"), {
        "round": rnd.pk, "file": SimpleUploadedFile("意见.xlsx", xlsx_bytes(GOOD_ROWS))}, follow=True)
    assert "已导入 3 条意见" in response.content.decode()
    assert Opinion.objects.count() == 3


def test_import_page_lists_each_bad_row_and_imports_nothing(city, rnd):
    rows = GOOD_ROWS + [["三眼井社区", "飞鸽传书", "环境卫生", "路灯", "", "", "", ""]]
    response = login(city.street_user).post(reverse("solicitation:opinion_import"), {
        "round": rnd.pk, "file": SimpleUploadedFile("意见.xlsx", xlsx_bytes(rows))})
    page = response.content.decode()
    assert "第 5 行" in page and "飞鸽传书" in page and "全部未导入" in page
    assert Opinion.objects.count() == 0


def test_import_page_refuses_a_file_that_is_not_what_it_says(city, rnd):
    response = login(city.street_user).post(reverse("solicitation:opinion_import"), {
        "round": rnd.pk, "file": SimpleUploadedFile("意见.xls", b"just text, not excel")})
    assert "不是 Excel 97-2003" in response.content.decode()


def test_big_file_runs_in_the_background_with_a_progress_page(city, rnd, monkeypatch,
                                                                django_capture_on_commit_callbacks):
    monkeypatch.setattr(import_views, "BACKGROUND_ROWS", 5)
    client = login(city.street_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("solicitation:opinion_import"), {
            "round": rnd.pk, "file": SimpleUploadedFile("意见.xlsx", xlsx_bytes(GOOD_ROWS * 4))})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("solicitation:import_job", args=[job.pk])
    assert job.total == 12
    page = client.get(response["Location"]).content.decode()
    assert "已导入 12 条意见" in page
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert partial.strip().startswith('<section id="import-progress"')
    assert "hx-trigger" not in partial  # finished: no more polling
    assert Opinion.objects.count() == 12
    # another user does not see the job
    assert login(city.community_user).get(response["Location"]).status_code == 404


def test_running_job_page_polls_for_progress(city, rnd):
    job = ImportJob.objects.create(round=rnd, original_name="a.xlsx", kind="xlsx", total=10000, done=2500,
                                   status=ImportJob.Status.RUNNING, created_by=city.street_user,
                                   file=SimpleUploadedFile("a.xlsx", b"x"))
    page = login(city.street_user).get(reverse("solicitation:import_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "2500" in page and 'aria-valuenow="25"' in page


def test_template_download_is_an_xlsx_with_the_headers(city, rnd):
    response = login(city.community_user).get(reverse("solicitation:import_template"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book["意见"][1]]
    assert header[:7] == ["社区", "渠道", "类别", "内容", "姓名", "电话", "日期"]
    assert "三眼井社区" in [c.value for c in book["选项"]["B"]]


# ------------------------------------------------------------------------------ workbench


def test_workbench_shows_only_pending_opinions_of_my_community(city, rnd):
    make_opinion(city, rnd, content="三眼井的楼道灯坏了")
    make_opinion(city, rnd, community=city.far, content="城北的路灯坏了")
    page = login(city.community_user).get(reverse("solicitation:workbench")).content.decode()
    assert "三眼井的楼道灯坏了" in page
    assert "城北的路灯坏了" not in page
    assert "13812345678" not in page


def test_workbench_query_count_is_constant(city, rnd, django_assert_max_num_queries):
    client = login(city.community_user)
    for i in range(3):
        make_opinion(city, rnd, content=f"意见{i}")
    client.get(reverse("solicitation:workbench"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("solicitation:workbench"))
    for i in range(25):
        make_opinion(city, rnd, content=f"更多{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("solicitation:workbench"))


def test_merge_selected_opinions_into_a_problem(city, rnd):
    a = make_opinion(city, rnd, content="3栋楼道灯坏了")
    b = make_opinion(city, rnd, content="三栋的楼道灯一直不亮")
    client = login(city.community_user)
    response = client.post(reverse("solicitation:workbench_merge"),
                           {"title": "3栋楼道灯不亮", "opinions": [a.pk, b.pk]}, follow=True)
    assert "YC-2010-001" in response.content.decode()
    problem = Problem.objects.get()
    assert set(problem.opinions.values_list("pk", flat=True)) == {a.pk, b.pk}


def test_merge_with_an_opinion_of_another_community_changes_nothing(city, rnd):
    mine = make_opinion(city, rnd)
    theirs = make_opinion(city, rnd, community=city.far)
    response = login(city.community_user).post(reverse("solicitation:workbench_merge"),
                                               {"title": "x", "opinions": [mine.pk, theirs.pk]}, follow=True)
    assert "不存在或不在您的范围内" in response.content.decode()
    assert Problem.objects.count() == 0
    assert Opinion.objects.get(pk=mine.pk).status == "pending"


def test_reject_from_the_workbench(city, rnd):
    opinion = make_opinion(city, rnd)
    client = login(city.community_user)
    client.post(reverse("solicitation:opinion_reject", args=[opinion.pk]), {"reason": "属个人家事"})
    opinion.refresh_from_db()
    assert opinion.status == "rejected" and opinion.reject_reason == "属个人家事"


def test_rejecting_another_communitys_opinion_is_404(city, rnd):
    theirs = make_opinion(city, rnd, community=city.far)
    response = login(city.community_user).post(reverse("solicitation:opinion_reject", args=[theirs.pk]),
                                               {"reason": "x"})
    assert response.status_code == 404
    assert Opinion.objects.get(pk=theirs.pk).status == "pending"


def test_similar_list_renders_with_or_without_the_dedupe_module(city, rnd, monkeypatch):
    a = make_opinion(city, rnd, content="3栋楼道灯坏了")
    b = make_opinion(city, rnd, content="三栋的楼道灯一直不亮")
    make_opinion(city, rnd, community=city.far, content="3栋楼道灯坏了")
    seen = {}

    def fake_similar(opinion, visible_qs, limit=10):
        seen["ids"] = set(visible_qs.values_list("pk", flat=True))
        return [(b, 0.8)]

    monkeypatch.setattr(screening_views, "similar_opinions", fake_similar)
    client = login(city.community_user)
    page = client.get(reverse("solicitation:opinion_similar", args=[a.pk])).content.decode()
    assert "三栋的楼道灯一直不亮" in page and "80%" in page
    assert seen["ids"] == {a.pk, b.pk}  # suggestions start from the visible rows
    monkeypatch.setattr(screening_views, "similar_opinions", None)
    assert client.get(reverse("solicitation:opinion_similar", args=[a.pk])).status_code == 200


# ------------------------------------------------------------------------------ problems


def test_problem_list_classify_c_needs_an_explanation(city, rnd):
    problem = make_problem(city, rnd)
    client = login(city.community_user)
    response = client.post(reverse("solicitation:problem_classify", args=[problem.pk]), {"klass": "C"},
                           follow=True)
    assert "须写明" in response.content.decode()
    assert Problem.objects.get(pk=problem.pk).klass == ""
    client.post(reverse("solicitation:problem_classify", args=[problem.pk]), {"klass": "A", "note": ""})
    assert Problem.objects.get(pk=problem.pk).klass == "A"


def test_problem_with_a_project_cannot_be_reclassified(city, rnd):
    problem = make_problem(city, rnd, klass="A")
    make_project(city, problem)
    client = login(city.community_user)
    page = client.get(reverse("solicitation:problem_list")).content.decode()
    assert "已立项，不能改分类" in page
    client.post(reverse("solicitation:problem_classify", args=[problem.pk]), {"klass": "B"})
    assert Problem.objects.get(pk=problem.pk).klass == "A"


def test_class_b_problems_of_earlier_rounds_are_offered_for_carry_over(city, rnd):
    old = make_problem(city, rnd, title="老旧小区改造", klass="B")
    make_problem(city, rnd, title="已经解决的", klass="A")
    services_round = make_round(name="2011年第一轮", year=2011)
    client = login(city.community_user)
    page = client.get(reverse("solicitation:problem_list"), {"round": services_round.pk}).content.decode()
    assert "老旧小区改造" in page and "已经解决的" not in page
    client.post(reverse("solicitation:problem_carry_over", args=[old.pk]), {"round": services_round.pk})
    new = Problem.objects.get(carried_from=old)
    assert new.round == services_round and new.archive_no == "YC-2011-001"
    page = client.get(reverse("solicitation:problem_list"), {"round": services_round.pk}).content.decode()
    assert "结转到本轮" not in page


def test_liaison_sees_the_problem_list_but_cannot_classify(city, rnd):
    problem = make_problem(city, rnd)
    client = login(city.liaison_user)
    page = client.get(reverse("solicitation:problem_list")).content.decode()
    assert problem.archive_no in page and "保存分类" not in page
    assert client.post(reverse("solicitation:problem_classify", args=[problem.pk]),
                       {"klass": "A"}).status_code == 403


def test_unit_cannot_see_the_problem_list(city, rnd):
    assert login(city.unit_user).get(reverse("solicitation:problem_list")).status_code == 403


# ------------------------------------------------------------------------------ records


def test_community_records_a_meeting_and_sees_the_totals(city, rnd):
    client = login(city.community_user)
    response = client.post(reverse("solicitation:solicitation_list"), {
        "round": rnd.pk, "community": city.community.pk, "kind": "meeting", "date": "2010-05-03",
        "count": 31, "note": "居民代表座谈会"}, follow=True)
    assert response.status_code == 200
    record = Solicitation.objects.get()
    assert record.entered_by == city.community_user and record.count == 31
    assert "居民代表座谈会" in response.content.decode()


def test_leader_may_read_records_but_not_write(city, rnd):
    client = login(city.leader_user)
    assert client.get(reverse("solicitation:solicitation_list")).status_code == 200
    response = client.post(reverse("solicitation:solicitation_list"), {
        "round": rnd.pk, "community": city.community.pk, "kind": "form", "date": "2010-05-03", "count": 5})
    assert response.status_code == 403
    assert Solicitation.objects.count() == 0


def test_closed_round_is_not_offered_for_entry(city):
    make_round(status=Round.Status.CLOSED)
    page = login(city.community_user).get(reverse("solicitation:opinion_create")).content.decode()
    assert "没有未结束的轮次" in page
