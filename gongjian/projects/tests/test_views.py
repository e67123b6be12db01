"""The staff pages and the public board: who sees what, refused actions change nothing, a stale page
does not overwrite, and list pages answer in a constant number of queries."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongjian.projects import public_views, services
from gongjian.projects.models import Extension, ProgressReport, Project, Rating
from gongjian.testing import PASSWORD, image_bytes, site_visited, today

from .factories import make_opinion, make_problem, make_project, make_round

pytestmark = pytest.mark.django_db

PNG = image_bytes("png")


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def detail_url(project):
    return reverse("projects:detail", args=[project.pk])


def act_url(project, action):
    return reverse("projects:act", args=[project.pk, action])


@pytest.fixture
def projects(city):
    """One project in each community: ours (lead: city.unit, co: city.co_unit), a sibling's, a far one."""
    rnd = make_round()
    ours = make_project(city, status="approved", title="三眼井路灯")
    sibling = make_project(city, make_problem(city, rnd, community=city.sibling, title="蒲阳下水道"),
                           status="in_progress", title="蒲阳下水道")
    far = make_project(city, make_problem(city, rnd, community=city.far, title="城北垃圾站"),
                       status="approved", title="城北垃圾站")
    return ours, sibling, far


# ------------------------------------------------------------------------------ who sees what

def test_unit_sees_only_the_projects_it_leads_or_co_handles(city, projects):
    ours, sibling, far = projects
    page = login(city.unit_user).get(reverse("projects:my_projects")).content.decode()
    assert "三眼井路灯" in page and "蒲阳下水道" not in page and "城北垃圾站" not in page
    co_page = login(city.co_unit_user).get(reverse("projects:my_projects")).content.decode()
    assert "三眼井路灯" in co_page and "本单位协办" in co_page
    far_page = login(city.far_unit_user).get(reverse("projects:my_projects")).content.decode()
    assert "城北垃圾站" in far_page and "三眼井路灯" not in far_page


def test_project_of_another_unit_answers_404(city, projects):
    ours, sibling, far = projects
    client = login(city.unit_user)
    assert client.get(detail_url(far)).status_code == 404
    assert client.get(detail_url(ours)).status_code == 200
    assert client.get(reverse("projects:detail", args=[999999])).status_code == 404
    response = client.post(act_url(far, "start"), {"version": far.version})
    assert response.status_code == 404
    far.refresh_from_db()
    assert far.status == Project.Status.APPROVED


@pytest.mark.parametrize("who, seen, unseen", [
    ("community_user", ["三眼井路灯"], ["蒲阳下水道", "城北垃圾站"]),
    ("street_user", ["三眼井路灯", "蒲阳下水道"], ["城北垃圾站"]),
    ("other_street_user", ["城北垃圾站"], ["三眼井路灯", "蒲阳下水道"]),
    ("liaison_user", ["三眼井路灯"], ["蒲阳下水道", "城北垃圾站"]),
    ("leader_user", ["三眼井路灯", "蒲阳下水道"], ["城北垃圾站"]),
    ("city_user", ["三眼井路灯", "蒲阳下水道", "城北垃圾站"], []),
])
def test_board_shows_the_projects_of_the_users_scope(city, projects, who, seen, unseen):
    page = login(getattr(city, who)).get(reverse("projects:board")).content.decode()
    for title in seen:
        assert title in page
    for title in unseen:
        assert title not in page


def test_unit_is_sent_from_board_to_my_projects_and_staff_the_other_way(city, projects):
    assert login(city.unit_user).get(reverse("projects:board")).url == reverse("projects:my_projects")
    assert login(city.street_user).get(reverse("projects:my_projects")).url == reverse("projects:board")


def test_board_filters(city, projects):
    ours, sibling, far = projects
    late = make_project(city, status="in_progress", title="过期的项目", deadline=today() - timedelta(days=3),
                        is_key=True)
    client = login(city.street_user)

    def titles(**params):
        return client.get(reverse("projects:board"), params).content.decode()

    page = titles(status="in_progress")
    assert "蒲阳下水道" in page and "过期的项目" in page and "三眼井路灯" not in page
    page = titles(overdue="1")
    assert "过期的项目" in page and "已逾期" in page and "蒲阳下水道" not in page
    page = titles(key="1")
    assert "过期的项目" in page and "三眼井路灯" not in page
    page = titles(community=city.sibling.pk)
    assert "蒲阳下水道" in page and "三眼井路灯" not in page
    page = titles(community=city.community.pk, unit=city.co_unit.pk)
    assert "三眼井路灯" in page and "蒲阳下水道" not in page
    page = titles(q="下水道")
    assert "蒲阳下水道" in page and "三眼井路灯" not in page
    assert late.pk


def test_board_answers_in_a_constant_number_of_queries(city):
    client = login(city.street_user)
    url = reverse("projects:board")
    make_project(city, status="approved")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(8):
        make_project(city, status="in_progress")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("修复路灯") >= 9
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_my_projects_answers_in_a_constant_number_of_queries(city):
    client = login(city.unit_user)
    url = reverse("projects:my_projects")
    make_project(city, status="approved")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        make_project(city, status="in_progress")
    rnd = make_round()
    # A project the unit only co-handles costs no extra query either.
    make_project(city, make_problem(city, rnd), status="approved", lead_unit=city.co_unit, co_units=[city.unit])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# ------------------------------------------------------------------------------ actions

def test_detail_offers_only_the_actions_the_user_may_take(city, projects):
    ours, _sibling, _far = projects
    unit_page = login(city.unit_user).get(detail_url(ours)).content.decode()
    assert act_url(ours, "start") in unit_page and act_url(ours, "decline") in unit_page
    assert act_url(ours, "approve") not in unit_page
    co_page = login(city.co_unit_user).get(detail_url(ours)).content.decode()
    progress_url = reverse("projects:progress", args=[ours.pk])
    assert act_url(ours, "start") not in co_page and progress_url in co_page
    community_page = login(city.community_user).get(detail_url(ours)).content.decode()
    assert act_url(ours, "start") not in community_page and progress_url not in community_page
    assert act_url(ours, "approve") not in community_page
    draft = make_project(city, title="待审批的项目")
    street_page = login(city.street_user).get(detail_url(draft)).content.decode()
    assert act_url(draft, "approve") in street_page


@pytest.mark.parametrize("who, action", [
    ("co_unit_user", "start"),  # a co-unit does not sign for the lead unit
    ("community_user", "start"),
    ("street_user", "decline"),
    ("liaison_user", "start"),
])
def test_forbidden_action_is_403_and_changes_nothing(city, projects, who, action):
    ours, _sibling, _far = projects
    before = (ours.status, ours.version, ours.events.count())
    client = login(getattr(city, who))
    assert client.get(act_url(ours, action)).status_code == 403
    response = client.post(act_url(ours, action), {"version": ours.version, "note": "不是我们的事"})
    assert response.status_code == 403
    ours.refresh_from_db()
    assert (ours.status, ours.version, ours.events.count()) == before


def test_community_cannot_approve_nor_report_progress(city):
    draft = make_project(city)
    client = login(city.community_user)
    assert client.post(act_url(draft, "approve"), {"version": draft.version}).status_code == 403
    assert client.post(reverse("projects:progress", args=[draft.pk]),
                       {"version": draft.version, "percent": 10, "note": "x"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Project.Status.DRAFT


def test_unknown_action_is_404(city, projects):
    ours, _s, _f = projects
    assert login(city.unit_user).post(act_url(ours, "explode"), {"version": 1}).status_code == 404


def test_lead_unit_signs_from_my_projects_in_one_tap(city, projects):
    ours, _s, _f = projects
    client = login(city.unit_user)
    page = client.get(reverse("projects:my_projects")).content.decode()
    assert "签收" in page
    assert act_url(ours, "report_done") not in page  # not before it is signed for
    response = client.post(act_url(ours, "start"), {"version": ours.version,
                                                    "next": reverse("projects:my_projects")}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("projects:my_projects")
    assert "已签收" in messages_of(response)
    ours.refresh_from_db()
    assert ours.status == Project.Status.IN_PROGRESS
    page = client.get(reverse("projects:my_projects")).content.decode()
    assert act_url(ours, "start") not in page and act_url(ours, "decline") not in page
    assert act_url(ours, "report_done") in page


def test_decline_needs_a_reason_and_asks_for_confirmation(city, projects):
    ours, _s, _f = projects
    client = login(city.unit_user)
    confirm = client.get(act_url(ours, "decline"))
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "请确认" in page and "退回理由" in page and f'value="{ours.version}"' in page
    response = client.post(act_url(ours, "decline"), {"version": ours.version, "note": " "})
    assert response.status_code == 400
    assert "请说明退回的理由" in response.content.decode()
    ours.refresh_from_db()
    assert ours.status == Project.Status.APPROVED
    response = client.post(act_url(ours, "decline"), {"version": ours.version, "note": "这是供电公司的事"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == Project.Status.DRAFT


def test_second_update_from_a_stale_page_does_not_overwrite(city, projects):
    """Two people open the page; the first signs; the second's decline from the old page is refused."""
    ours, _s, _f = projects
    client = login(city.unit_user)
    stale_version = ours.version
    client.post(act_url(ours, "start"), {"version": stale_version})
    ours.refresh_from_db()
    assert ours.status == Project.Status.IN_PROGRESS
    response = client.post(act_url(ours, "report_done"), {"version": stale_version, "note": "都做完了"},
                           follow=True)
    assert "该项目已被他人修改，请刷新页面后再操作" in messages_of(response)
    ours.refresh_from_db()
    assert ours.status == Project.Status.IN_PROGRESS and ours.completion_note == ""


def test_progress_from_a_stale_page_is_refused(city, projects):
    ours, _s, _f = projects
    client = login(city.unit_user)
    version = ours.version
    client.post(reverse("projects:progress", args=[ours.pk]), {"version": version, "percent": 30, "note": "开工"})
    response = client.post(reverse("projects:progress", args=[ours.pk]),
                           {"version": version, "percent": 10, "note": "旧页面"}, follow=True)
    assert "该项目已被他人修改" in messages_of(response)
    ours.refresh_from_db()
    assert ours.progress == 30
    assert list(ProgressReport.objects.filter(project=ours).values_list("percent", flat=True)) == [30]


def test_unit_reports_progress_with_a_photo(city, projects):
    ours, _s, _f = projects
    client = login(city.co_unit_user)
    response = client.post(reverse("projects:progress", args=[ours.pk]), {
        "version": ours.version, "percent": "40", "note": "已采购灯具",
        "next": reverse("projects:my_projects"),
        "file": SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
    }, follow=True)
    assert "已填报进度 40%" in messages_of(response)
    report = ProgressReport.objects.get(project=ours)
    assert report.unit == city.co_unit and report.percent == 40
    assert report.attachments.get().kind == "png"
    page = client.get(detail_url(ours)).content.decode()
    assert "已采购灯具" in page and "现场.png" in page


def test_progress_with_bad_input_says_why_in_chinese(city, projects):
    ours, _s, _f = projects
    client = login(city.unit_user)
    response = client.post(reverse("projects:progress", args=[ours.pk]),
                           {"version": ours.version, "percent": "150", "note": ""}, follow=True)
    text = messages_of(response)
    assert "进度不能大于 100" in text and "请填写进展情况" in text
    response = client.post(reverse("projects:progress", args=[ours.pk]), {
        "version": ours.version, "percent": "50", "note": "x",
        "file": SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 10)}, follow=True)
    assert "只接受照片" in messages_of(response)
    assert not ProgressReport.objects.filter(project=ours).exists()


# ------------------------------------------------------------------------------ set-up and approval

def test_community_sets_up_a_project_from_a_class_a_problem(city):
    rnd = make_round()
    problem = make_problem(city, rnd, title="小区门口积水")
    c_problem = make_problem(city, rnd, klass="C", title="不能解决的事")
    client = login(city.community_user)
    pick = client.get(reverse("projects:create")).content.decode()
    assert "小区门口积水" in pick and "不能解决的事" not in pick
    # A class C problem cannot be chosen: the page goes back to the list.
    assert "为它立项" in client.get(reverse("projects:create"), {"problem": c_problem.pk}).content.decode()
    form = client.get(reverse("projects:create"), {"problem": problem.pk})
    assert form.status_code == 200 and city.far_unit.name not in form.content.decode()
    data = {"problem": problem.pk, "title": "小区门口排水改造", "lead_unit": city.unit.pk,
            "co_units": [city.co_unit.pk], "handler": "李四", "handler_phone": "13700001234",
            "deadline": (today() + timedelta(days=60)).isoformat(), "budget": "12000", "fund_source": "财政",
            "is_key": "on", "batch_number": "1"}
    response = client.post(reverse("projects:create"), {**data, "deadline": "明年"})
    assert response.status_code == 400 and "日期格式" in response.content.decode()
    response = client.post(reverse("projects:create"), data, follow=True)
    project = Project.objects.get(title="小区门口排水改造")
    assert project.status == Project.Status.DRAFT and project.is_key and list(project.co_units.all()) == [city.co_unit]
    text = messages_of(response)
    assert "已立项" in text and "重点项目" in text  # 1 key project: outside 2–3, a warning


def test_unit_and_liaison_cannot_set_up_projects(city):
    for user in (city.unit_user, city.liaison_user):
        assert login(user).get(reverse("projects:create")).status_code == 403


def test_street_approves_after_confirmation(city):
    draft = make_project(city)
    client = login(city.street_user)
    assert "确认审批通过并公示" in client.get(act_url(draft, "approve")).content.decode()
    client.post(act_url(draft, "approve"), {"version": draft.version, "note": "同意"})
    draft.refresh_from_db()
    assert draft.status == Project.Status.APPROVED


# ------------------------------------------------------------------------------ close-out

def rate(project, city, value, n=1):
    rnd = project.round
    for _ in range(n):
        code = make_opinion(city, rnd).receipt_code
        services.rating_submit(project=project, receipt_code=code, value=value)


def test_closeout_checklist_highlights_mostly_unsatisfied(city):
    good = make_project(city, status="completed", title="好评项目")
    bad = make_project(city, status="completed", title="差评项目")
    rate(good, city, "satisfied", 2)
    rate(bad, city, "unsatisfied", 2)
    rate(bad, city, "basic", 1)
    page = login(city.street_user).get(reverse("projects:closeout")).content.decode()
    assert "好评项目" in page and "差评项目" in page and "已完成路灯更换" in page
    assert page.count("多数居民不满意") == 1
    assert act_url(bad, "close") in page and act_url(bad, "return") in page
    assert login(city.community_user).get(reverse("projects:closeout")).status_code == 403
    assert login(city.unit_user).get(reverse("projects:closeout")).status_code == 403


def test_street_closes_a_well_rated_project(city):
    project = make_project(city, status="completed")
    rate(project, city, "satisfied")
    client = login(city.street_user)
    confirm = client.get(act_url(project, "close")).content.decode()
    assert "销号后项目办结" in confirm and "满意 1" in confirm
    client.post(act_url(project, "close"), {"version": project.version})
    project.refresh_from_db()
    assert project.status == Project.Status.CLOSED


def test_closing_a_mostly_unsatisfied_project_needs_a_reason(city):
    project = make_project(city, status="completed")
    rate(project, city, "unsatisfied", 2)
    client = login(city.street_user)
    assert "销号说明" in client.get(act_url(project, "close")).content.decode()
    response = client.post(act_url(project, "close"), {"version": project.version})
    assert response.status_code == 409 and "居民评价多数为不满意" in response.content.decode()
    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED
    client.post(act_url(project, "close"), {"version": project.version, "override_note": "已向居民解释"})
    project.refresh_from_db()
    assert project.status == Project.Status.CLOSED


def test_street_returns_a_project_for_rework(city):
    project = make_project(city, status="completed")
    client = login(city.street_user)
    client.post(act_url(project, "return"), {"version": project.version, "note": "居民不满意，重新施工"},
                follow=True)
    project.refresh_from_db()
    assert project.status == Project.Status.IN_PROGRESS


def test_closeout_answers_in_a_constant_number_of_queries(city):
    client = login(city.street_user)
    url = reverse("projects:closeout")
    rate(make_project(city, status="completed"), city, "basic")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        rate(make_project(city, status="completed"), city, "unsatisfied")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# ------------------------------------------------------------------------------ extensions

def test_lead_requests_an_extension_and_the_street_decides(city, projects):
    ours, _s, _f = projects
    new_deadline = ours.deadline + timedelta(days=30)
    unit = login(city.unit_user)
    response = unit.post(reverse("projects:extension_request", args=[ours.pk]),
                         {"version": ours.version, "deadline": new_deadline.isoformat(), "reason": "雨季无法施工"},
                         follow=True)
    assert "已提交延期申请" in messages_of(response)
    extension = Extension.objects.get(project=ours)
    ours.refresh_from_db()
    decide = reverse("projects:extension_decide", args=[ours.pk, extension.pk])
    assert unit.post(decide, {"approve": "1", "version": ours.version}).status_code == 403
    street = login(city.street_user)
    page = street.get(detail_url(ours)).content.decode()
    assert "雨季无法施工" in page and decide in page
    response = street.post(decide, {"approve": "1", "version": ours.version - 1}, follow=True)
    assert "该项目已被他人修改" in messages_of(response)
    street.post(decide, {"approve": "1", "version": ours.version})
    ours.refresh_from_db()
    assert ours.deadline == new_deadline
    extension.refresh_from_db()
    assert extension.status == Extension.Status.APPROVED


# ------------------------------------------------------------------------------ public board

def test_public_board_lists_published_projects_with_masked_handler(city, projects):
    ours, _s, _f = projects
    make_project(city, title="还在审批的项目")
    client = Client()
    index = client.get(reverse("board:index"), {"street": city.street.pk}).content.decode()
    assert city.community.name in index and city.sibling.name in index
    response = client.get(reverse("board:community", args=[city.community.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "三眼井路灯" in page and "还在审批的项目" not in page and "蒲阳下水道" not in page
    assert "王**" in page and "王建国" not in page and "13900001111" not in page
    assert city.unit.name in page and 'role="progressbar"' in page


def test_public_project_page_masks_contact_and_shows_public_events_only(city, projects):
    ours, _s, _f = projects
    services.progress_report(actor=city.unit_user, project=ours, unit=city.unit, percent=20, note="已勘察现场")
    page = Client().get(reverse("board:project", args=[ours.pk])).content.decode()
    assert "已勘察现场" in page and "王**" in page and "139****1111" in page
    assert "王建国" not in page and "13900001111" not in page
    assert "立项" not in page  # the internal 'create' event is not public
    draft = make_project(city, title="草稿")
    assert Client().get(reverse("board:project", args=[draft.pk])).status_code == 404


def test_public_project_page_shows_extensions_and_change_notices(city, projects):
    ours, _s, _f = projects
    extension = services.extension_request(actor=city.unit_user, project=ours,
                                           deadline=ours.deadline + timedelta(days=20), reason="材料未到货")
    services.extension_decide(actor=city.street_user, extension=extension, approve=True)
    page = Client().get(reverse("board:project", args=[ours.pk])).content.decode()
    assert "材料未到货" in page and "已批准" in page and "变更公示" in page and "完成时限由" in page


def test_public_board_answers_in_a_constant_number_of_queries_and_caches(city):
    url = reverse("board:community", args=[city.community.pk])
    make_project(city, status="approved")
    client = Client()
    site_visited()
    with CaptureQueriesContext(connection) as few:
        first = client.get(url)
    assert first["X-Board-Cache"] == "miss"
    for _ in range(10):
        make_project(city, status="in_progress")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response["X-Board-Cache"] == "miss"  # the projects changed: a new key
    assert response.content.decode().count("修复路灯") == 11
    assert len(many) == len(few) <= 6, [q["sql"] for q in many.captured_queries]
    with CaptureQueriesContext(connection) as cached:
        again = client.get(url)
    assert again["X-Board-Cache"] == "hit" and again.content == response.content
    assert len(cached) < len(many)


def test_public_cache_is_invalidated_by_any_change(city, projects):
    ours, _s, _f = projects
    client = Client()
    board = reverse("board:community", args=[city.community.pk])
    page = reverse("board:project", args=[ours.pk])
    client.get(board)
    client.get(page)
    assert client.get(board)["X-Board-Cache"] == "hit" and client.get(page)["X-Board-Cache"] == "hit"
    services.progress_report(actor=city.unit_user, project=ours, unit=city.unit, percent=55, note="铺设电缆")
    response = client.get(board)
    assert response["X-Board-Cache"] == "miss" and "55%" in response.content.decode()
    response = client.get(page)
    assert response["X-Board-Cache"] == "miss" and "铺设电缆" in response.content.decode()
    services.extension_request(actor=city.unit_user, project=ours, deadline=ours.deadline + timedelta(days=9),
                               reason="等待审批")
    assert "等待审批" in client.get(page).content.decode()


def test_public_project_page_answers_in_a_constant_number_of_queries(city):
    project = make_project(city, status="in_progress")
    url = reverse("board:project", args=[project.pk])
    site_visited()
    with CaptureQueriesContext(connection) as few:
        Client().get(url)
    for i in range(5):
        services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=10 + i, note="x")
    with CaptureQueriesContext(connection) as many:
        Client().get(url)
    assert len(many) == len(few)


def test_resident_rates_a_completed_project_once(city):
    project = make_project(city, status="completed")
    code = make_opinion(city, project.round).receipt_code
    client = Client()
    url = reverse("board:rate", args=[project.pk])
    assert "我要评价" in client.get(reverse("board:project", args=[project.pk])).content.decode()
    response = client.post(url, {"receipt_code": code.lower(), "rating": "satisfied"})
    assert response.status_code == 200 and "感谢您的评价" in response.content.decode()
    assert Rating.objects.get(project=project).value == "satisfied"
    again = client.post(url, {"receipt_code": code, "rating": "unsatisfied"})
    assert again.status_code == 409 and "该回执码已评价过本项目" in again.content.decode()
    unknown = client.post(url, {"receipt_code": "NOSUCHCODE", "rating": "basic"})
    assert unknown.status_code == 404 and "没有找到这个回执码" in unknown.content.decode()
    far_code = make_opinion(city, project.round, community=city.far).receipt_code
    other = client.post(url, {"receipt_code": far_code, "rating": "basic"})
    assert other.status_code == 400 and "不属于本项目所在社区" in other.content.decode()
    empty = client.post(url, {"receipt_code": "", "rating": ""})
    assert empty.status_code == 400 and "请填写回执码" in empty.content.decode()
    assert Rating.objects.filter(project=project).count() == 1


def test_rating_before_completion_is_refused(city, projects):
    ours, _s, _f = projects
    code = make_opinion(city, ours.round).receipt_code
    response = Client().post(reverse("board:rate", args=[ours.pk]), {"receipt_code": code, "rating": "basic"})
    assert response.status_code == 409 and "项目完成后才能评价" in response.content.decode()
    assert not Rating.objects.exists()


def test_rating_is_rate_limited_with_a_clear_message(city, settings):
    settings.GONGJIAN_RATING_RATE = "2/h"
    project = make_project(city, status="completed")
    client = Client()
    url = reverse("board:rate", args=[project.pk])
    for _ in range(2):
        client.post(url, {"receipt_code": "NOSUCHCODE", "rating": "basic"})
    code = make_opinion(city, project.round).receipt_code
    response = client.post(url, {"receipt_code": code, "rating": "basic"})
    assert response.status_code == 429 and "提交太频繁了" in response.content.decode()
    assert not Rating.objects.exists()


def test_public_board_pages(city, monkeypatch):
    monkeypatch.setattr(public_views, "PAGE_SIZE", 2)
    for i in range(3):
        make_project(city, status="approved", title=f"分页项目{i}")
    url = reverse("board:community", args=[city.community.pk])
    client = Client()
    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()
    assert first.count("分页项目") == 2 and second.count("分页项目") == 1
    assert "第 1 / 2 页" in first and "page=2" in first
    assert client.get(url, {"page": "99"}).content.decode() == second
    assert client.get(url, {"page": "x"}).content.decode() == first
