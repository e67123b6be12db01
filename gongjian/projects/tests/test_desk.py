"""The project flow as a desk works it: send back with a reason, resubmit, withdraw; deadlines not in
the past; a second project for a problem only when confirmed; editing on a staff page."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from gongjian.core.errors import Conflict
from gongjian.notifications.models import Notification
from gongjian.projects import services
from gongjian.projects.models import Project, ProjectEvent
from gongjian.testing import PASSWORD, ApiClient, today

from .factories import make_problem, make_project


def _draft(city, **kwargs):
    problem = make_problem(city)
    return services.project_create(actor=city.community_user, problem=problem, title="更换楼道灯",
                                   lead_unit=city.unit, co_units=[city.co_unit], handler="王建国",
                                   deadline=today() + timedelta(days=30), **kwargs)


def test_street_sends_a_draft_back_with_its_reason(city):
    project = _draft(city)
    project = services.project_transition(actor=city.street_user, project=project, action="send_back",
                                          note="承办人电话缺失")
    assert project.status == Project.Status.RETURNED
    assert project.events.filter(action="send_back", note="承办人电话缺失").exists()


def test_send_back_without_a_reason_is_refused_and_changes_nothing(city):
    project = _draft(city)
    with pytest.raises(ValidationError):
        services.project_transition(actor=city.street_user, project=project, action="send_back", note=" ")
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    assert not project.events.filter(action="send_back").exists()


def test_community_resubmits_a_returned_project_after_editing(city):
    project = _draft(city)
    project = services.project_transition(actor=city.street_user, project=project, action="send_back",
                                          note="承办人电话缺失")
    project = services.project_update(actor=city.community_user, project=project,
                                      expected_version=project.version, handler_phone="13900001111")
    project = services.project_transition(actor=city.community_user, project=project, action="resubmit")
    assert project.status == Project.Status.DRAFT
    assert project.handler_phone == "13900001111"


def test_community_withdraws_a_draft_and_it_can_no_longer_be_changed(city):
    project = _draft(city)
    project = services.project_transition(actor=city.community_user, project=project, action="withdraw",
                                          note="与另一项目重复")
    assert project.status == Project.Status.WITHDRAWN
    with pytest.raises(Conflict):
        services.project_update(actor=city.community_user, project=project, expected_version=project.version,
                                title="新名称")
    project.refresh_from_db()
    assert project.title == "更换楼道灯"
    assert not Project.objects.public().filter(pk=project.pk).exists()


def test_an_approved_project_cannot_be_withdrawn(city):
    project = make_project(city, status="approved")
    with pytest.raises(Conflict):
        services.project_transition(actor=city.community_user, project=project, action="withdraw", note="不做了")
    project.refresh_from_db()
    assert project.status == Project.Status.APPROVED


def test_a_deadline_before_today_is_refused_at_set_up(city):
    problem = make_problem(city)
    with pytest.raises(ValidationError) as exc:
        services.project_create(actor=city.community_user, problem=problem, title="更换楼道灯", lead_unit=city.unit,
                                handler="王建国", deadline=today() - timedelta(days=1))
    assert "不能早于今天" in str(exc.value)
    assert not Project.objects.filter(problem=problem).exists()


def test_history_entered_after_the_fact_says_its_own_day(city):
    problem = make_problem(city)
    deadline = today() - timedelta(days=100)
    project = services.project_create(actor=None, problem=problem, title="2010年的项目", lead_unit=city.unit,
                                      handler="王建国", deadline=deadline, today=deadline - timedelta(days=60),
                                      quiet=True)
    assert project.deadline == deadline
    assert not Notification.objects.filter(object_type="project", object_id=project.pk).exists()


def test_moving_a_deadline_into_the_past_is_refused(city):
    project = make_project(city, status="in_progress")
    with pytest.raises(ValidationError):
        services.project_update(actor=city.street_user, project=project, expected_version=project.version,
                                deadline=today() - timedelta(days=1), note="提前")
    project.refresh_from_db()
    assert project.deadline >= today()


def test_api_refuses_a_past_deadline_with_400(city):
    problem = make_problem(city)
    api = ApiClient(city.community_user)
    response = api.post("projects", {"problem": problem.pk, "title": "更换楼道灯", "lead_unit": city.unit.pk,
                                     "handler": "王建国", "deadline": str(today() - timedelta(days=3))})
    assert response.status_code == 400, response.content
    assert not Project.objects.filter(problem=problem).exists()


def test_api_send_back_needs_a_note_and_unit_may_not(city):
    project = _draft(city)
    api = ApiClient(city.street_user)
    response = api.post(f"projects/{project.pk}/transition", {"action": "send_back", "note": ""})
    assert response.status_code == 400
    response = ApiClient(city.unit_user).post(f"projects/{project.pk}/transition",
                                              {"action": "send_back", "note": "不对"})
    assert response.status_code in (403, 404)
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    response = api.post(f"projects/{project.pk}/transition", {"action": "send_back", "note": "请补充预算"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returned"


def test_street_cannot_resubmit_for_the_community(city):
    project = _draft(city)
    project = services.project_transition(actor=city.street_user, project=project, action="send_back", note="补充")
    response = ApiClient(city.street_user).post(f"projects/{project.pk}/transition", {"action": "resubmit"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == Project.Status.RETURNED


# Pages


def test_set_up_page_marks_problems_that_already_have_a_project(client, city):
    project = make_project(city)
    client.login(username="community", password=PASSWORD)
    body = client.get("/staff/projects/new/").content.decode()
    assert "已立项" in body
    page = client.get(f"/staff/projects/new/?problem={project.problem_id}").content.decode()
    assert "该问题已经立项" in page and project.title in page


def test_a_second_project_for_a_problem_needs_confirmation(client, city):
    project = make_project(city)
    client.login(username="community", password=PASSWORD)
    form = {"problem": project.problem_id, "title": "再来一个", "lead_unit": city.unit.pk, "handler": "李四",
            "deadline": str(today() + timedelta(days=20)), "batch_number": 1}
    response = client.post("/staff/projects/new/", form)
    assert response.status_code == 400
    assert Project.objects.filter(problem_id=project.problem_id).count() == 1
    response = client.post("/staff/projects/new/", {**form, "confirm_again": "on"})
    assert response.status_code == 302
    assert Project.objects.filter(problem_id=project.problem_id).count() == 2


def test_set_up_page_refuses_a_past_deadline_and_keeps_the_input(client, city):
    problem = make_problem(city)
    client.login(username="community", password=PASSWORD)
    response = client.post("/staff/projects/new/", {
        "problem": problem.pk, "title": "更换楼道灯", "lead_unit": city.unit.pk, "handler": "李四",
        "deadline": str(today() - timedelta(days=1)), "batch_number": 1})
    assert response.status_code == 400
    body = response.content.decode()
    assert "不能早于今天" in body and "更换楼道灯" in body
    assert not Project.objects.filter(problem=problem).exists()


def test_community_edits_a_returned_project_on_its_page(client, city):
    project = _draft(city)
    project = services.project_transition(actor=city.street_user, project=project, action="send_back", note="补充")
    client.login(username="community", password=PASSWORD)
    page = client.get(f"/staff/projects/{project.pk}/")
    assert "修改项目" in page.content.decode() and "修改后重新提交" in page.content.decode()
    response = client.post(f"/staff/projects/{project.pk}/edit/", {
        "version": project.version, "title": "更换楼道灯（补充预算）", "lead_unit": city.unit.pk,
        "handler": "王建国", "handler_phone": "13900001111", "deadline": str(project.deadline), "budget": "5000"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "更换楼道灯（补充预算）" and project.budget == 5000


def test_a_stale_edit_is_refused_and_keeps_the_first_change(client, city):
    project = _draft(city)
    services.project_update(actor=city.street_user, project=project, expected_version=project.version,
                            title="街道改的名称")
    client.login(username="community", password=PASSWORD)
    response = client.post(f"/staff/projects/{project.pk}/edit/", {
        "version": project.version, "title": "社区改的名称", "lead_unit": city.unit.pk, "handler": "王建国",
        "deadline": str(project.deadline)})
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.title == "街道改的名称"


def test_unit_cannot_open_the_edit_page(client, city):
    project = make_project(city, status="approved")
    client.login(username="unit", password=PASSWORD)
    assert client.get(f"/staff/projects/{project.pk}/edit/").status_code == 403
    client.login(username="community_far", password=PASSWORD)
    assert client.get(f"/staff/projects/{project.pk}/edit/").status_code == 404


def test_withdraw_page_asks_for_a_reason(client, city):
    project = _draft(city)
    client.login(username="community", password=PASSWORD)
    page = client.get(f"/staff/projects/{project.pk}/withdraw/")
    assert page.status_code == 200 and "撤回理由" in page.content.decode()
    response = client.post(f"/staff/projects/{project.pk}/withdraw/", {"version": project.version, "note": ""})
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    assert not ProjectEvent.objects.filter(project=project, action="withdraw").exists()


# Batch approve and batch close from the lists


def test_street_batch_approves_drafts_after_a_confirmation(client, city):
    drafts = [_draft(city) for _ in range(3)]
    client.login(username="street", password=PASSWORD)
    board = client.get("/staff/projects/?status=draft").content.decode()
    assert "批量审批通过" in board
    ids = [p.pk for p in drafts]
    page = client.post("/staff/projects/bulk/approve/", {"ids": ids})
    assert page.status_code == 200 and "请确认" in page.content.decode()
    assert Project.objects.filter(pk__in=ids, status="draft").count() == 3  # nothing done yet
    response = client.post("/staff/projects/bulk/approve/", {"ids": ids, "confirm": "1"})
    assert response.status_code == 302
    assert Project.objects.filter(pk__in=ids, status="approved").count() == 3


def test_batch_close_skips_what_the_street_may_not_close(client, city):
    mine = make_project(city, status="completed")
    far = make_project(city, status="completed", community=city.far)
    open_one = make_project(city, status="in_progress")
    client.login(username="street", password=PASSWORD)
    response = client.post("/staff/projects/bulk/close/",
                           {"ids": [mine.pk, far.pk, open_one.pk], "confirm": "1"}, follow=True)
    assert response.status_code == 200
    assert Project.objects.get(pk=mine.pk).status == "closed"
    assert Project.objects.get(pk=far.pk).status == "completed"  # another street's: not visible
    assert Project.objects.get(pk=open_one.pk).status == "in_progress"
    assert "跳过" in response.content.decode()


def test_batch_close_refuses_a_project_most_residents_rated_unsatisfied(city):
    from gongjian.projects.models import Rating

    project = make_project(city, status="completed")
    for opinion in project.problem.opinions.all():
        services.rating_submit(project=project, receipt_code=opinion.receipt_code, value="unsatisfied")
    assert Rating.objects.filter(project=project).exists()
    result = services.projects_transition_many(actor=city.street_user, projects=[project], action="close")
    assert not result.done and "不满意" in result.refused[0][1]
    project.refresh_from_db()
    assert project.status == "completed"


def test_units_and_communities_cannot_batch_approve(client, city):
    draft = _draft(city)
    for username in ("unit", "community"):
        client.login(username=username, password=PASSWORD)
        response = client.post("/staff/projects/bulk/approve/", {"ids": [draft.pk], "confirm": "1"})
        assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_only_approve_and_close_are_batch_steps(client, city):
    draft = _draft(city)
    client.login(username="street", password=PASSWORD)
    assert client.post("/staff/projects/bulk/send_back/", {"ids": [draft.pk], "confirm": "1"}).status_code == 404


# Staff lists: current round and projects in hand by default, time left, the ledger in Excel


def test_board_opens_on_the_current_rounds_projects_in_hand(client, city):
    from gongjian.solicitation.services import round_create, round_set_status

    old_round = round_create(actor=None, name="2009年第一轮", year=2009)
    old = make_project(city, make_problem(city, rnd=old_round), status="approved", title="旧轮次的项目")
    for status in ("screening", "in_progress", "closed"):
        old_round = round_set_status(actor=None, round=old_round, status=status)
    done = make_project(city, status="closed", title="已销号的项目")
    live = make_project(city, status="in_progress", title="正在办的项目")
    client.login(username="street", password=PASSWORD)
    page = client.get("/staff/projects/").content.decode()
    assert "正在办的项目" in page
    assert "已销号的项目" not in page and "旧轮次的项目" not in page
    assert "默认显示当前轮次的在办项目" in page
    everything = client.get("/staff/projects/?all=1").content.decode()
    assert all(t in everything for t in ("正在办的项目", "已销号的项目", "旧轮次的项目"))
    assert old.pk and done.pk and live.pk


def test_board_shows_time_left_in_colour(client, city):
    make_project(city, status="in_progress", title="快到期", deadline=today() + timedelta(days=3))
    make_project(city, status="in_progress", title="已过期", deadline=today() - timedelta(days=2))
    client.login(username="street", password=PASSWORD)
    page = client.get("/staff/projects/?status=in_hand").content.decode()
    assert '<span class="badge warn">剩 3 天</span>' in page
    assert '<span class="badge bad">逾期 2 天</span>' in page


def test_ledger_export_lists_what_the_user_sees_with_the_same_filters(client, city):
    from io import BytesIO

    from openpyxl import load_workbook

    mine = make_project(city, status="approved", title='=HYPERLINK("x")')
    far = make_project(city, status="approved", community=city.far, title="城北的项目")
    client.login(username="street", password=PASSWORD)
    response = client.get("/staff/projects/ledger.xlsx?status=in_hand")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("轮次", "批次", "街道", "社区", "问题档案号", "项目名称")
    titles = [r[5] for r in rows[1:]]
    assert titles == ["'" + mine.title]  # the other street's project is not there; no formula runs
    assert far.pk


def test_units_cannot_export_the_ledger(client, city):
    client.login(username="unit", password=PASSWORD)
    assert client.get("/staff/projects/ledger.xlsx").status_code == 403


def test_a_far_deadline_is_set_up_with_a_warning(client, city):
    problem = make_problem(city)
    client.login(username="community", password=PASSWORD)
    response = client.post("/staff/projects/new/", {
        "problem": problem.pk, "title": "更换楼道灯", "lead_unit": city.unit.pk, "handler": "李四",
        "deadline": str(today() + timedelta(days=800)), "batch_number": 1}, follow=True)
    assert Project.objects.filter(problem=problem).exists()
    assert "在一年以后" in response.content.decode()


def test_units_list_shows_time_left_and_leaves_out_withdrawn_projects(client, city):
    make_project(city, status="in_progress", title="快到期", deadline=today() + timedelta(days=2))
    gone = _draft(city)
    services.project_transition(actor=city.community_user, project=gone, action="withdraw", note="重复")
    client.login(username="unit", password=PASSWORD)
    page = client.get("/staff/projects/mine/").content.decode()
    assert '<span class="badge warn">剩 2 天</span>' in page
    assert "更换楼道灯" not in page
