"""Projects API: the contract of API.md (paths, fields, codes and their order 401→404→403→400→409),
constant query counts, and a public side that never leaks personal data."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.projects import services
from gongjian.projects.models import Extension, ProgressReport, Project, Rating
from gongjian.testing import image_bytes, today

from .factories import make_opinion, make_problem, make_project

PNG = image_bytes("png")


def _body(city, source, **extra):
    data = {"problem": source.pk, "title": "修复三眼井小区路灯", "lead_unit": city.unit.pk,
            "co_units": [city.co_unit.pk], "handler": "王建国", "handler_phone": "13900001111",
            "deadline": (today() + timedelta(days=60)).isoformat(), "budget": 8000, "fund_source": "单位自筹",
            "key": True}
    data.update(extra)
    return data


# ------------------------------------------------------------------------------ set-up

def test_community_sets_a_project_up_and_gets_the_fields_of_api_md(city, api):
    problem = make_problem(city)
    response = api(city.community_user).post("projects", _body(city, problem))
    assert response.status_code == 201, response.content
    data = response.json()
    for field in ("id", "round", "batch", "problem", "community", "title", "lead_unit", "co_units", "handler",
                  "handler_phone", "deadline", "budget", "key", "status", "progress", "overdue"):
        assert field in data
    assert data["budget"] == "8000.00"
    assert data["status"] == "draft" and data["co_units"] == [city.co_unit.pk]
    assert data["community"] == city.community.pk and data["overdue"] is False
    # one key project in the round: outside 2–3, a warning
    assert data["warnings"] and "重点项目" in data["warnings"][0]


def test_units_named_by_name_and_problem_by_archive_number(city, api):
    problem = make_problem(city)
    response = api(city.street_user).post("projects", _body(city, problem, problem=problem.archive_no,
                                                            lead_unit="应城市住建局", co_units=["应城市供电公司"],
                                                            budget="1234.5"))
    assert response.status_code == 201, response.content
    assert response.json()["lead_unit"] == city.unit.pk and response.json()["budget"] == "1234.50"


def test_no_warning_with_two_key_projects(city, api):
    problem = make_problem(city)
    client = api(city.community_user)
    client.post("projects", _body(city, problem))
    assert client.post("projects", _body(city, problem, title="第二个")).json()["warnings"] == []


def test_a_class_c_problem_is_400(city, api):
    problem = make_problem(city, klass="C")
    response = api(city.community_user).post("projects", _body(city, problem))
    assert response.status_code == 400
    assert "problem" in response.json()["errors"]
    assert not Project.objects.exists()


def test_the_problem_is_required(city, api):
    body = _body(city, make_problem(city))
    del body["problem"]
    response = api(city.community_user).post("projects", body)
    assert response.status_code == 400 and "problem" in response.json()["errors"]


def test_a_lead_unit_of_another_community_is_400(city, api):
    response = api(city.city_user).post("projects", _body(city, make_problem(city), lead_unit=city.far_unit.pk))
    assert response.status_code == 400 and "lead_unit" in response.json()["errors"]


def test_a_problem_outside_the_users_scope_is_unknown(city, api):
    problem = make_problem(city, community=city.far)
    response = api(city.community_user).post("projects", _body(city, problem, lead_unit=city.far_unit.pk))
    assert response.status_code == 400
    assert not Project.objects.exists()


@pytest.mark.parametrize("role", ["unit_user", "liaison_user", "leader_user"])
def test_units_liaisons_and_leaders_cannot_set_up_even_with_bad_input(city, api, role):
    assert api(getattr(city, role)).post("projects", {"nonsense": 1}).status_code == 403
    assert not Project.objects.exists()


def test_without_a_token_401(city, api):
    assert api().get("projects").status_code == 401
    assert api().post("projects/1/transition", {"action": "approve"}).status_code == 401


# ------------------------------------------------------------------------------ list and detail

def test_list_filters(city, api):
    overdue = make_project(city, status="in_progress", deadline=today() - timedelta(days=1), is_key=True)
    fresh = make_project(city, status="approved", batch_number=2)
    draft = make_project(city)
    client = api(city.street_user)

    def ids(**params):
        return {p["id"] for p in client.get("projects", params).json()["results"]}

    assert ids() == {overdue.pk, fresh.pk, draft.pk}
    assert ids(overdue="true") == {overdue.pk}
    assert ids(overdue="false") == {fresh.pk, draft.pk}
    assert ids(key="true") == {overdue.pk}
    assert ids(status="draft") == {draft.pk}
    assert ids(batch=2) == {fresh.pk}
    assert ids(lead_unit=city.unit.pk) == {overdue.pk, fresh.pk, draft.pk}
    assert ids(community=city.far.pk) == set()
    assert ids(round=overdue.round_id) == {overdue.pk, fresh.pk, draft.pk}
    row = client.get("projects", {"overdue": "true"}).json()["results"][0]
    assert row["overdue"] is True


def test_a_unit_lists_only_its_projects(city, api):
    mine = make_project(city)
    make_project(city, community=city.far)
    assert [p["id"] for p in api(city.unit_user).get("projects").json()["results"]] == [mine.pk]
    assert api(city.far_unit_user).get(f"projects/{mine.pk}").status_code == 404


def test_detail_has_the_rating_summary_and_version(city, api):
    project = make_project(city, status="completed")
    data = api(city.street_user).get(f"projects/{project.pk}").json()
    assert data["version"] == project.version
    assert data["ratings"]["total"] == 0


def _make_many(city, n):
    problem = make_problem(city)
    for i in range(n):
        services.project_create(actor=city.community_user, problem=problem, title=f"项目{i}", lead_unit=city.unit,
                                co_units=[city.co_unit], handler="王建国", deadline=today() + timedelta(days=9),
                                batch_number=1 + i % 2)


def _queries(client, path, params):
    client.get(path, params)  # warm up: token and scope caches are not what we measure
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["results"])


@pytest.mark.parametrize("role", ["street_user", "unit_user"])
def test_list_query_count_does_not_grow_with_the_page(city, api, role):
    _make_many(city, 50)
    client = api(getattr(city, role))
    small, rows_small = _queries(client, "projects", {"page_size": 5})
    large, rows_large = _queries(client, "projects", {"page_size": 50})
    assert (rows_small, rows_large) == (5, 50)
    assert small == large


def test_public_list_query_count_is_constant_and_small(city, api, django_assert_num_queries):
    _make_many(city, 50)
    for project in Project.objects.all():
        services.project_transition(actor=city.city_user, project=project, action="approve")
    client = api()
    with django_assert_num_queries(2):  # count + rows
        assert len(client.get("public/projects", {"page_size": 5}).json()["results"]) == 5
    with django_assert_num_queries(2):
        assert len(client.get("public/projects", {"page_size": 50}).json()["results"]) == 50


def test_progress_list_query_count_is_constant(city, api):
    project = make_project(city, status="in_progress")
    for i in range(50):
        report = services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=i,
                                          note=f"第{i}次")
        if i % 10 == 0:
            services.progress_attach(actor=city.unit_user, project=project, report=report,
                                     file=SimpleUploadedFile("p.png", PNG))
    client = api(city.street_user)
    small, _ = _queries(client, f"projects/{project.pk}/progress", {"page_size": 5})
    large, rows = _queries(client, f"projects/{project.pk}/progress", {"page_size": 50})
    assert rows == 50 and small == large


# ------------------------------------------------------------------------------ transitions

def _transition(api, user, project, action, **extra):
    return api(user).post(f"projects/{project.pk}/transition", {"action": action, **extra})


def test_walk_every_state_through_the_api(city, api):
    project = make_project(city)
    steps = [("approve", city.street_user, "approved", ""), ("decline", city.unit_user, "draft", "非本单位职责"),
             ("approve", city.city_user, "approved", ""), ("start", city.unit_user, "in_progress", ""),
             ("report_done", city.unit_user, "completed", "路灯已全部更换"),
             ("return", city.community_user, "in_progress", "仍有两盏不亮"),
             ("report_done", city.unit_user, "completed", "已全部修好"), ("close", city.street_user, "closed", "")]
    for action, user, expected, note in steps:
        response = _transition(api, user, project, action, note=note)
        assert response.status_code == 200, (action, response.content)
        assert response.json()["status"] == expected


WRONG_ROLES = [
    ("draft", "approve", ["community_user", "unit_user", "co_unit_user", "liaison_user", "leader_user"]),
    ("approved", "decline", ["co_unit_user", "street_user", "community_user", "city_user"]),
    ("approved", "start", ["co_unit_user", "street_user", "community_user", "city_user", "liaison_user"]),
    ("in_progress", "report_done", ["co_unit_user", "community_user", "street_user"]),
    ("completed", "return", ["unit_user", "co_unit_user", "liaison_user", "leader_user"]),
    ("completed", "close", ["community_user", "unit_user", "co_unit_user", "liaison_user", "leader_user"]),
]


@pytest.mark.parametrize("status,action,roles", WRONG_ROLES)
def test_wrong_role_is_403_and_nothing_changes(city, api, status, action, roles):
    project = make_project(city, status=status)
    for role in roles:
        response = _transition(api, getattr(city, role), project, action, note="说明")
        assert response.status_code == 403, (role, response.content)
        fresh = Project.objects.get(pk=project.pk)
        assert (fresh.status, fresh.version) == (project.status, project.version)


def test_another_streets_user_is_404_for_a_project_it_cannot_see(city, api):
    project = make_project(city)
    assert _transition(api, city.other_street_user, project, "approve").status_code == 404
    assert _transition(api, city.far_unit_user, project, "bogus").status_code == 404
    assert Project.objects.get(pk=project.pk).status == "draft"


def test_wrong_state_is_409(city, api):
    project = make_project(city, status="approved")
    response = _transition(api, city.street_user, project, "close")
    assert response.status_code == 409 and response.json()["detail"]
    assert _transition(api, city.street_user, project, "approve").status_code == 409


def test_decline_without_a_note_is_400(city, api):
    project = make_project(city, status="approved")
    response = _transition(api, city.unit_user, project, "decline")
    assert response.status_code == 400 and "note" in response.json()["errors"]
    assert Project.objects.get(pk=project.pk).status == "approved"


def test_a_forbidden_action_is_403_before_its_input_is_checked(city, api):
    project = make_project(city, status="approved")
    response = _transition(api, city.co_unit_user, project, "decline", note=123)
    assert response.status_code == 403


def test_an_unknown_action_is_400(city, api):
    project = make_project(city)
    assert _transition(api, city.street_user, project, "destroy").status_code == 400


def test_a_stale_version_is_409_and_the_first_change_is_kept(city, api):
    project = make_project(city, status="approved")
    version = project.version
    assert _transition(api, city.unit_user, project, "start", version=version).status_code == 200
    response = _transition(api, city.unit_user, project, "decline", note="非本单位职责", version=version)
    assert response.status_code == 409
    assert Project.objects.get(pk=project.pk).status == "in_progress"


def test_patch_with_a_stale_version_does_not_overwrite_the_first(city, api):
    project = make_project(city)
    version = project.version
    client = api(city.street_user)
    ok = client.client.patch(f"/api/v1/projects/{project.pk}", {"version": version, "handler": "李四"},
                             content_type="application/json", **client.headers)
    assert ok.status_code == 200 and ok.json()["handler"] == "李四" and ok.json()["version"] == version + 1
    other = api(city.community_user)
    stale = other.client.patch(f"/api/v1/projects/{project.pk}", {"version": version, "handler": "王五"},
                               content_type="application/json", **other.headers)
    assert stale.status_code == 409
    assert Project.objects.get(pk=project.pk).handler == "李四"


def test_patch_by_a_unit_is_403(city, api):
    project = make_project(city)
    client = api(city.unit_user)
    response = client.client.patch(f"/api/v1/projects/{project.pk}", {"version": 1, "handler": "李四"},
                                   content_type="application/json", **client.headers)
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).handler == "王建国"


def test_close_of_a_mostly_unsatisfied_project_is_409_unless_explained(city, api):
    project = make_project(city, status="completed")
    for _ in range(2):
        opinion = make_opinion(city, project.round)
        services.rating_submit(project=project, receipt_code=opinion.receipt_code, value="unsatisfied")
    assert api(city.street_user).get(f"projects/{project.pk}").json()["ratings"]["mostly_unsatisfied"] is True
    response = _transition(api, city.street_user, project, "close")
    assert response.status_code == 409 and "不满意" in response.json()["detail"]
    response = _transition(api, city.street_user, project, "close", override_note="已核实完成")
    assert response.status_code == 200 and response.json()["status"] == "closed"


# ------------------------------------------------------------------------------ progress

def test_lead_and_co_unit_report_progress_newest_first(city, api):
    project = make_project(city, status="approved")
    assert api(city.unit_user).post(f"projects/{project.pk}/progress",
                                    {"percent": 20, "note": "已进场"}).status_code == 201
    response = api(city.co_unit_user).post(f"projects/{project.pk}/progress", {"percent": 40, "note": "线路已通"})
    assert response.status_code == 201
    assert response.json()["unit"] == city.co_unit.pk
    entries = api(city.community_user).get(f"projects/{project.pk}/progress").json()
    assert [e["percent"] for e in entries["results"]] == [40, 20]
    assert api(city.street_user).get(f"projects/{project.pk}").json()["progress"] == 40


def test_progress_by_staff_is_403_and_on_a_draft_409_and_bad_percent_400(city, api):
    project = make_project(city)
    assert api(city.community_user).post(f"projects/{project.pk}/progress",
                                         {"percent": 10, "note": "x"}).status_code == 403
    assert api(city.unit_user).post(f"projects/{project.pk}/progress",
                                    {"percent": 10, "note": "x"}).status_code == 409
    assert api(city.unit_user).post(f"projects/{project.pk}/progress",
                                    {"percent": 101, "note": "x"}).status_code == 400
    assert not ProgressReport.objects.exists()


def test_a_photo_is_attached_to_a_progress_entry(city, api):
    project = make_project(city, status="in_progress")
    entry = api(city.unit_user).post(f"projects/{project.pk}/progress", {"percent": 50, "note": "过半"}).json()
    client = api(city.unit_user)
    response = client.post_multipart(f"projects/{project.pk}/progress/{entry['id']}/attachments",
                                     {"file": SimpleUploadedFile("现场.png", PNG, content_type="image/png")})
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "png" and response.json()["name"] == "现场.png"
    bad = client.post_multipart(f"projects/{project.pk}/progress/{entry['id']}/attachments",
                                {"file": SimpleUploadedFile("x.png", b"<script>", content_type="image/png")})
    assert bad.status_code == 400
    listed = api(city.street_user).get(f"projects/{project.pk}/progress").json()["results"][0]
    assert len(listed["attachments"]) == 1
    assert api(city.community_user).post_multipart(
        f"projects/{project.pk}/progress/{entry['id']}/attachments",
        {"file": SimpleUploadedFile("现场.png", PNG)}).status_code == 403


# ------------------------------------------------------------------------------ extensions

def test_extension_requested_by_the_lead_and_decided_by_the_street(city, api):
    project = make_project(city, status="in_progress")
    new = (project.deadline + timedelta(days=30)).isoformat()
    assert api(city.co_unit_user).post(f"projects/{project.pk}/extension",
                                       {"deadline": new, "reason": "x"}).status_code == 403
    response = api(city.unit_user).post(f"projects/{project.pk}/extension", {"deadline": new, "reason": "材料未到"})
    assert response.status_code == 201, response.content
    ext = response.json()
    assert ext["status"] == "pending" and ext["old_deadline"] == project.deadline.isoformat()
    decide = f"projects/{project.pk}/extensions/{ext['id']}/decide"
    assert api(city.community_user).post(decide, {"approve": True}).status_code == 403
    assert api(city.other_street_user).post(decide, {"approve": True}).status_code == 404
    response = api(city.street_user).post(decide, {"approve": True, "note": "同意"})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert api(city.street_user).post(decide, {"approve": False, "note": "x"}).status_code == 409
    assert api(city.street_user).get(f"projects/{project.pk}").json()["deadline"] == new
    assert api(city.street_user).get(f"projects/{project.pk}/extensions").json()["count"] == 1


def test_extension_of_a_draft_is_409_and_an_earlier_date_400(city, api):
    project = make_project(city)
    later = (project.deadline + timedelta(days=3)).isoformat()
    assert api(city.unit_user).post(f"projects/{project.pk}/extension",
                                    {"deadline": later, "reason": "x"}).status_code == 409
    earlier = (project.deadline - timedelta(days=3)).isoformat()
    assert api(city.unit_user).post(f"projects/{project.pk}/extension",
                                    {"deadline": earlier, "reason": "x"}).status_code == 400
    assert not Extension.objects.exists()


# ------------------------------------------------------------------------------ public

def test_public_board_lists_approved_and_later_only_with_masked_handler(city, api):
    draft = make_project(city, handler="王建国")
    shown = make_project(city, status="in_progress", handler="王建国")
    response = api().get("public/projects", {"community": city.community.pk})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [shown.pk] and draft.pk not in [r["id"] for r in rows]
    row = rows[0]
    for field in ("id", "community", "title", "lead_unit", "handler", "deadline", "status", "progress", "overdue"):
        assert field in row
    assert row["handler"] == "王**" and row["lead_unit_name"] == "应城市住建局"


def test_public_filters_by_street_round_and_status(city, api):
    here = make_project(city, status="approved")
    far = make_project(city, community=city.far, status="closed")
    client = api()

    def ids(**params):
        return {r["id"] for r in client.get("public/projects", params).json()["results"]}

    assert ids() == {here.pk, far.pk}
    assert ids(street=city.street.pk) == {here.pk}
    assert ids(status="closed") == {far.pk}
    assert ids(round=here.round_id) == {here.pk, far.pk}
    assert ids(status="draft") == set()


def test_the_public_api_never_contains_a_full_phone_or_a_residents_name(city, api):
    project = make_project(city, status="in_progress", handler="王建国", handler_phone="13900001111")
    services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=30, note="施工中")
    services.project_update(actor=city.street_user, project=project, expected_version=None, handler="李卫东",
                            handler_phone="13711112222")
    services.extension_request(actor=city.unit_user, project=project, deadline=project.deadline + timedelta(days=9),
                               reason="等材料")
    project = Project.objects.get(pk=project.pk)
    services.project_transition(actor=city.unit_user, project=project, action="report_done", note="已完成")
    opinion = make_opinion(city, project.round, name="张三丰", phone="13812345678")
    client = api()
    rated = client.post(f"public/projects/{project.pk}/rating",
                        {"rating": "satisfied", "receipt_code": opinion.receipt_code})
    assert rated.status_code == 201
    bodies = [client.get("public/projects").content, client.get(f"public/projects/{project.pk}").content,
              rated.content]
    for body in bodies:
        for secret in ("13900001111", "13711112222", "13812345678", "王建国", "李卫东", "张三丰",
                       "12345678", "0001111"):
            assert secret.encode() not in body, secret


def test_public_detail_has_timeline_extensions_changes_and_the_published_version(city, api):
    project = make_project(city, status="in_progress", handler="王建国")
    services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=30, note="施工中")
    ext = services.extension_request(actor=city.unit_user, project=project,
                                     deadline=project.deadline + timedelta(days=20), reason="雨季")
    services.extension_decide(actor=city.street_user, extension=ext, approve=True)
    data = api().get(f"public/projects/{project.pk}").json()
    assert data["progress_timeline"][0]["percent"] == 30
    assert data["extensions"][0]["reason"] == "雨季" and data["extensions"][0]["status"] == "approved"
    assert data["changes"][0]["field"] == "deadline"
    assert data["published"]["deadline"] == project.deadline.isoformat()
    assert data["deadline"] == ext.new_deadline.isoformat()
    assert any(e["action"] == "extension_approve" for e in data["events"])
    assert not any(e["action"] == "create" for e in data["events"])


def test_public_detail_of_an_unpublished_project_is_404(city, api):
    project = make_project(city)
    assert api().get(f"public/projects/{project.pk}").status_code == 404
    assert api().get("public/projects/999999").status_code == 404


def test_a_declined_project_stays_visible_on_its_public_page(city, api):
    project = make_project(city, status="approved")
    services.project_transition(actor=city.unit_user, project=project, action="decline", note="不属本单位")
    assert api().get(f"public/projects/{project.pk}").json()["status"] == "draft"


# ------------------------------------------------------------------------------ rating

def _rate(api, project, code, rating="satisfied"):
    return api().post(f"public/projects/{project.pk}/rating", {"rating": rating, "receipt_code": code})


def test_rating_rules(city, api):
    project = make_project(city, status="in_progress")
    opinion = make_opinion(city, project.round)
    assert _rate(api, project, opinion.receipt_code).status_code == 409  # not done yet
    services.project_transition(actor=city.unit_user, project=project, action="report_done", note="完成")
    response = _rate(api, project, opinion.receipt_code, "basic")
    assert response.status_code == 201 and response.json()["rating"] == "basic"
    assert _rate(api, project, opinion.receipt_code).status_code == 409  # second rating by the same code
    assert _rate(api, project, "NOSUCHCODE22").status_code == 404
    other = make_opinion(city, project.round, city.sibling)
    assert _rate(api, project, other.receipt_code).status_code == 400
    assert _rate(api, project, make_opinion(city, project.round).receipt_code, "great").status_code == 400
    assert Rating.objects.count() == 1


def test_a_draft_project_cannot_be_rated(city, api):
    project = make_project(city)
    assert _rate(api, project, make_opinion(city, project.round).receipt_code).status_code == 404


def test_rating_is_rate_limited(city, api):
    project = make_project(city, status="completed")
    codes = [make_opinion(city, project.round).receipt_code for _ in range(11)]
    statuses = [_rate(api, project, code).status_code for code in codes]
    assert statuses[:10] == [201] * 10 and statuses[10] == 429


def test_every_projects_endpoint_is_in_the_openapi_document(city, api):
    paths = api().get("/api/v1/openapi.json").json()["paths"]
    for path, method in [("/api/v1/projects", "get"), ("/api/v1/projects", "post"),
                         ("/api/v1/projects/{project_id}", "get"), ("/api/v1/projects/{project_id}", "patch"),
                         ("/api/v1/projects/{project_id}/transition", "post"),
                         ("/api/v1/projects/{project_id}/progress", "get"),
                         ("/api/v1/projects/{project_id}/progress", "post"),
                         ("/api/v1/projects/{project_id}/extension", "post"),
                         ("/api/v1/projects/{project_id}/extensions/{extension_id}/decide", "post"),
                         ("/api/v1/projects/import", "post"),
                         ("/api/v1/public/projects", "get"), ("/api/v1/public/projects/{project_id}", "get"),
                         ("/api/v1/public/projects/{project_id}/rating", "post")]:
        operation = paths[path][method]
        assert any(code.startswith("2") for code in operation["responses"]), (path, method)
        if method in ("post", "patch"):
            assert "requestBody" in operation, (path, method)


def test_public_reads_are_rate_limited_by_the_setting(city, api, settings):
    settings.GONGJIAN_PUBLIC_READ_RATE = "3/m"
    client = api()
    assert [client.get("public/projects").status_code for _ in range(4)] == [200, 200, 200, 429]
    settings.GONGJIAN_PUBLIC_READ_RATE = ""
    assert client.get("public/projects").status_code == 200


def test_list_query_counts_are_small(city, api, django_assert_max_num_queries):
    _make_many(city, 20)
    client = api(city.street_user)
    client.get("projects")
    with CaptureQueriesContext(connection) as ctx:
        client.get("projects", {"page_size": 20})
    # token + user, scope, count, rows, co-units
    assert len(ctx.captured_queries) <= 6, [q["sql"][:80] for q in ctx.captured_queries]
