"""Solicitation API: rounds, records, opinions, screening; scope rules; the public receipt-code journey."""

import pytest

from gongjian.solicitation.models import Opinion, Problem, Round, Solicitation

from .factories import make_opinion, make_problem, make_project, make_round


@pytest.fixture
def rnd(db):
    return make_round()


# ------------------------------------------------------------------------------ rounds and records


def test_city_admin_creates_a_round_and_moves_it_to_screening(city, api):
    client = api(city.city_user)
    response = client.post("rounds", {"name": "2010年第二轮", "year": 2010})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "open"
    response = client.post(f"rounds/{body['id']}/status", {"status": "screening"})
    assert response.status_code == 200
    assert response.json()["status"] == "screening"


def test_round_cannot_jump_from_open_to_closed(city, api, rnd):
    response = api(city.city_user).post(f"rounds/{rnd.pk}/status", {"status": "closed"})
    assert response.status_code == 409
    rnd.refresh_from_db()
    assert rnd.status == "open"


def test_community_cannot_change_a_rounds_status(city, api, rnd):
    response = api(city.community_user).post(f"rounds/{rnd.pk}/status", {"status": "screening"})
    assert response.status_code == 403
    assert Round.objects.get(pk=rnd.pk).status == "open"


def test_community_records_a_meeting_of_its_own_community_only(city, api, rnd):
    client = api(city.community_user)
    ok = client.post("solicitations", {"round": rnd.pk, "community": "三眼井社区", "kind": "meeting",
                                       "date": "2010-05-03", "count": 31})
    assert ok.status_code == 201
    assert ok.json()["count"] == 31
    other = client.post("solicitations", {"round": rnd.pk, "community": city.far.pk, "kind": "form",
                                          "date": "2010-05-03", "count": 100})
    assert other.status_code == 400
    assert Solicitation.objects.count() == 1
    listed = client.get("solicitations", {"round": rnd.pk}).json()
    assert listed["count"] == 1


def test_categories_are_listed_with_code_and_name(city, api):
    body = api(city.unit_user).get("categories").json()
    assert {"code": "sanitation", "name": "环境卫生", "active": True, "sort_order": 10} in body["results"]


# ------------------------------------------------------------------------------ opinions


def test_community_enters_an_opinion_and_the_server_records_who(city, api, rnd):
    response = api(city.community_user).post("opinions", {
        "round": rnd.pk, "community": "CZ01", "channel": "征求意见表", "category": "环境卫生",
        "content": "三栋的楼道灯一直不亮", "submitter_name": "王五", "submitter_phone": "13812345678",
        "form_no": "0012", "entered_by": city.city_user.pk})
    assert response.status_code == 201
    body = response.json()
    assert body["channel"] == "form"
    assert body["category"] == "sanitation"
    assert body["entered_by"] == city.community_user.pk
    assert body["receipt_code"]
    assert body["submitter_phone"] == "13812345678"
    assert body["form_no"] == "0012"


def test_community_cannot_enter_an_opinion_for_another_community(city, api, rnd):
    response = api(city.community_user).post("opinions", {
        "round": rnd.pk, "community": city.far.pk, "channel": "form", "category": "sanitation",
        "content": "路灯坏了"})
    assert response.status_code == 400
    assert Opinion.objects.count() == 0


def test_unit_may_not_enter_opinions(city, api, rnd):
    response = api(city.unit_user).post("opinions", {"bad": "input"})
    assert response.status_code == 403


def test_community_cannot_see_another_communitys_opinions(city, api, rnd):
    mine = make_opinion(city, rnd)
    theirs = make_opinion(city, rnd, community=city.far, content="城北路灯不亮")
    body = api(city.community_user).get("opinions", {"round": rnd.pk}).json()
    assert [o["id"] for o in body["results"]] == [mine.pk]
    assert api(city.community_user).get(f"opinions/{theirs.pk}").status_code == 404


def test_an_opinion_of_another_community_answers_404_to_reject(city, api, rnd):
    theirs = make_opinion(city, rnd, community=city.far)
    response = api(city.community_user).post(f"opinions/{theirs.pk}/reject", {"reason": "重复"})
    assert response.status_code == 404
    assert Opinion.objects.get(pk=theirs.pk).status == "pending"


def test_unit_sees_no_opinions(city, api, rnd):
    make_opinion(city, rnd)
    assert api(city.unit_user).get("opinions").json() == {"count": 0, "results": []}


def test_liaison_sees_opinions_with_contact_details_masked(city, api, rnd):
    make_opinion(city, rnd, name="张三丰", phone="13812345678")
    row = api(city.liaison_user).get("opinions").json()["results"][0]
    assert row["submitter_phone"] == "138****5678"
    assert row["submitter_name"] == "张**"


def test_street_sees_contact_details_of_its_communities(city, api, rnd):
    make_opinion(city, rnd, phone="13812345678")
    row = api(city.street_user).get("opinions").json()["results"][0]
    assert row["submitter_phone"] == "13812345678"


def test_opinion_list_filters(city, api, rnd):
    make_opinion(city, rnd, content="楼道灯坏了", channel="form")
    make_opinion(city, rnd, content="垃圾没人清运", channel="hotline")
    client = api(city.city_user)
    assert client.get("opinions", {"channel": "hotline"}).json()["count"] == 1
    assert client.get("opinions", {"q": "垃圾"}).json()["count"] == 1
    assert client.get("opinions", {"category": "sanitation", "status": "pending"}).json()["count"] == 2
    assert client.get("opinions", {"community": city.far.pk}).json()["count"] == 0
    assert client.get("opinions", {"status": "nonsense"}).status_code == 400


def test_opinion_list_query_count_does_not_grow_with_rows(city, api, rnd, django_assert_max_num_queries):
    client = api(city.community_user)
    for i in range(3):
        make_opinion(city, rnd, content=f"意见{i}")
    client.get("opinions")  # warm up: token look-up caches nothing, but do the same work once
    with django_assert_max_num_queries(6) as few:
        assert client.get("opinions").json()["count"] == 3
    for i in range(20):
        make_opinion(city, rnd, content=f"更多意见{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("opinions").json()["count"] == 23


def test_reject_needs_a_reason_and_the_resident_sees_it(city, api, rnd):
    opinion = make_opinion(city, rnd)
    client = api(city.community_user)
    assert client.post(f"opinions/{opinion.pk}/reject", {"reason": " "}).status_code == 400
    assert Opinion.objects.get(pk=opinion.pk).status == "pending"
    response = client.post(f"opinions/{opinion.pk}/reject", {"reason": "属于个人家庭事务"})
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    track = api().get(f"public/opinions/{opinion.receipt_code}").json()
    assert track == {"status": "rejected", "reject_reason": "属于个人家庭事务", "problem": None, "project": None}


def test_rejecting_twice_is_409(city, api, rnd):
    opinion = make_opinion(city, rnd)
    client = api(city.community_user)
    client.post(f"opinions/{opinion.pk}/reject", {"reason": "重复"})
    assert client.post(f"opinions/{opinion.pk}/reject", {"reason": "重复"}).status_code == 409


def test_liaison_may_not_reject(city, api, rnd):
    opinion = make_opinion(city, rnd)
    assert api(city.liaison_user).post(f"opinions/{opinion.pk}/reject", {}).status_code == 403


# ------------------------------------------------------------------------------ problems


def test_merging_opinions_registers_a_problem_with_an_archive_number(city, api, rnd):
    a = make_opinion(city, rnd, content="3栋楼道灯坏了")
    b = make_opinion(city, rnd, content="三栋的楼道灯一直不亮")
    response = api(city.community_user).post("problems", {"title": "3栋楼道灯不亮", "opinions": [a.pk, b.pk]})
    assert response.status_code == 201
    body = response.json()
    assert body["archive_no"] == "YC-2010-001"
    assert body["opinions"] == sorted([a.pk, b.pk])
    assert body["class"] is None
    assert body["community"] == city.community.pk
    assert set(Opinion.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {"merged"}


def test_archive_numbers_follow_in_sequence(city, api, rnd):
    client = api(city.community_user)
    numbers = [client.post("problems", {"round": rnd.pk, "community": city.community.pk,
                                        "title": f"问题{i}"}).json()["archive_no"] for i in range(3)]
    assert numbers == ["YC-2010-001", "YC-2010-002", "YC-2010-003"]


def test_merging_an_opinion_of_another_community_is_refused_and_changes_nothing(city, api, rnd):
    mine = make_opinion(city, rnd)
    theirs = make_opinion(city, rnd, community=city.far)
    response = api(city.community_user).post("problems", {"title": "x", "opinions": [mine.pk, theirs.pk]})
    assert response.status_code == 400
    assert Problem.objects.count() == 0
    assert Opinion.objects.get(pk=mine.pk).status == "pending"


def test_merging_an_already_merged_opinion_is_409(city, api, rnd):
    opinion = make_opinion(city, rnd)
    client = api(city.community_user)
    client.post("problems", {"title": "一", "opinions": [opinion.pk]})
    assert client.post("problems", {"title": "二", "opinions": [opinion.pk]}).status_code == 409
    assert Problem.objects.count() == 1


def test_classify_c_requires_an_explanation(city, api, rnd):
    problem = make_problem(city, rnd)
    client = api(city.community_user)
    response = client.post(f"problems/{problem.pk}/classify", {"class": "C"})
    assert response.status_code == 400
    assert Problem.objects.get(pk=problem.pk).klass == ""
    response = client.post(f"problems/{problem.pk}/classify", {"class": "C", "note": "属省级规划，社区无法解决"})
    assert response.status_code == 200
    assert response.json()["class"] == "C"


def test_classify_is_409_once_a_project_is_set_up(city, api, rnd):
    problem = make_problem(city, rnd, klass="A")
    make_project(city, problem)
    response = api(city.community_user).post(f"problems/{problem.pk}/classify", {"class": "B"})
    assert response.status_code == 409
    assert Problem.objects.get(pk=problem.pk).klass == "A"


def test_problem_of_another_community_is_404_to_classify(city, api, rnd):
    problem = make_problem(city, rnd, community=city.far)
    assert api(city.community_user).post(f"problems/{problem.pk}/classify", {"class": "A"}).status_code == 404


def test_unit_cannot_classify(city, api, rnd):
    make_problem(city, rnd)
    assert api(city.unit_user).get("problems").json()["count"] == 0


def test_problem_list_filters_by_class(city, api, rnd):
    make_problem(city, rnd, title="甲", klass="A")
    make_problem(city, rnd, title="乙", klass="B")
    client = api(city.street_user)
    assert [p["title"] for p in client.get("problems", {"class": "B"}).json()["results"]] == ["乙"]


def test_class_b_problem_carries_over_to_the_next_round(city, api, rnd):
    old = make_problem(city, rnd, title="老旧小区改造", klass="B")
    nxt = make_round(name="2011年第一轮", year=2011)
    response = api(city.community_user).post(f"problems/{old.pk}/carry_over", {"round": nxt.pk})
    assert response.status_code == 201
    body = response.json()
    assert body["carried_from"] == old.pk
    assert body["archive_no"] == "YC-2011-001"
    assert api(city.community_user).post(f"problems/{old.pk}/carry_over", {"round": nxt.pk}).status_code == 409


# ------------------------------------------------------------------------------ public


def test_receipt_code_journey_from_submission_to_project(city, api, rnd):
    public = api()
    response = public.post("public/opinions", {"community": city.community.pk, "category": "sanitation",
                                               "content": "小区门口垃圾堆放", "phone": "13812345678"})
    assert response.status_code == 201
    code = response.json()["receipt_code"]
    assert public.get(f"public/opinions/{code}").json() == {
        "status": "pending", "reject_reason": "", "problem": None, "project": None}

    opinion = Opinion.objects.get(receipt_code=code)
    assert opinion.channel == "online" and opinion.round == rnd and opinion.entered_by is None
    problem = make_problem(city, rnd, opinions=[opinion], klass="A")
    body = public.get(f"public/opinions/{code}").json()
    assert body["status"] == "merged"
    assert body["problem"]["archive_no"] == problem.archive_no
    assert body["problem"]["class"] == "A"
    assert body["project"] is None

    project = make_project(city, problem)
    assert public.get(f"public/opinions/{code}").json()["project"] is None  # a draft is not public
    make_project(city, problem)
    project_approved = make_project(city, problem, approve=True)
    assert project_approved.pk != project.pk
    assert public.get(f"public/opinions/{code}").json()["project"] == {"id": project_approved.pk,
                                                                       "status": "approved"}
    assert b"13812345678" not in public.get(f"public/opinions/{code}").content


def test_public_submission_with_no_open_round_is_409(city, api):
    make_round(status=Round.Status.SCREENING)
    response = api().post("public/opinions", {"community": city.community.pk, "category": "sanitation",
                                              "content": "路灯坏了"})
    assert response.status_code == 409
    assert "征集" in response.json()["detail"]


def test_public_submission_joins_the_newest_open_round(city, api):
    make_round(name="旧轮", year=2009)
    newest = make_round(name="新轮", year=2010)
    make_round(name="筛选中", year=2011, status=Round.Status.SCREENING)
    code = api().post("public/opinions", {"community": "CZ01", "category": "sanitation",
                                          "content": "路灯坏了"}).json()["receipt_code"]
    assert Opinion.objects.get(receipt_code=code).round == newest


def test_public_submission_validates_input(city, api, rnd):
    response = api().post("public/opinions", {"community": 99999, "category": "sanitation", "content": "x"})
    assert response.status_code == 400
    response = api().post("public/opinions", {"community": city.community.pk, "category": "sanitation",
                                              "content": ""})
    assert response.status_code == 400
    assert Opinion.objects.count() == 0


def test_public_submission_is_rate_limited(city, api, rnd, settings):
    client = api()
    codes = []
    for _ in range(25):
        response = client.post("public/opinions", {"community": city.community.pk, "category": "sanitation",
                                                   "content": "路灯坏了"})
        codes.append(response.status_code)
    assert codes[0] == 201
    assert codes[-1] == 429
    assert "频繁" in response.json()["detail"]


def test_unknown_receipt_code_is_404(city, api):
    assert api().get("public/opinions/NOSUCHCODE23").status_code == 404


def test_class_c_explanation_is_public(city, api, rnd):
    opinion = make_opinion(city, rnd)
    problem = make_problem(city, rnd, opinions=[opinion])
    from gongjian.solicitation.services import problem_classify

    problem_classify(actor=None, problem=problem, klass="C", note="该路段属省道，已转交公路部门")
    body = api().get(f"public/opinions/{opinion.receipt_code}").json()
    assert body["problem"] == {"archive_no": problem.archive_no, "class": "C", "note": "该路段属省道，已转交公路部门"}


def test_openapi_documents_the_solicitation_endpoints(city, api):
    paths = api().get("openapi.json").json()["paths"]
    for path in ["/api/v1/rounds", "/api/v1/solicitations", "/api/v1/categories", "/api/v1/opinions",
                 "/api/v1/opinions/import", "/api/v1/opinions/{opinion_id}/reject", "/api/v1/problems",
                 "/api/v1/problems/{problem_id}/classify", "/api/v1/public/opinions",
                 "/api/v1/public/opinions/{receipt_code}"]:
        assert path in paths, path
    assert "multipart/form-data" in paths["/api/v1/opinions/import"]["post"]["requestBody"]["content"]
