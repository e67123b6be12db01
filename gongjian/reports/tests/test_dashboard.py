"""Dashboards: every figure equals a count made independently; each level sees only its part."""

import json
import re

from gongjian.projects import services as projects
from gongjian.projects.models import Project
from gongjian.solicitation.models import Opinion
from gongjian.testing import PASSWORD


def _figures(response):
    return {f["key"]: f["value"] for f in response.context["figures"]}


def test_city_dashboard_figures_equal_independent_counts(client, city, round_with_work):
    client.login(username="city", password=PASSWORD)
    response = client.get("/staff/dashboard/", {"round": round_with_work.pk})
    assert response.status_code == 200
    figures = _figures(response)
    assert figures["forms_distributed"] == 200
    assert figures["opinions"] == Opinion.objects.filter(round=round_with_work).count() == 6
    assert figures["projects"] == Project.objects.filter(round=round_with_work).count() == 3
    assert figures["projects_closed"] == 1
    assert figures["projects_overdue"] == 1
    assert response.context["current"]["satisfaction_rate"] == 0.5
    assert response.context["current"]["completion_rate"] == round(1 / 3, 4)


def test_street_dashboard_counts_only_its_communities(client, city, round_with_work):
    client.login(username="street", password=PASSWORD)
    response = client.get("/staff/dashboard/", {"round": round_with_work.pk})
    figures = _figures(response)
    assert figures["opinions"] == 4
    assert figures["forms_distributed"] == 120
    names = {row["name"] for row in response.context["community_rows"]}
    assert names == {"三眼井社区", "蒲阳社区"}
    assert "城北社区" not in response.content.decode()


def test_street_cannot_filter_the_dashboard_to_another_streets_community(client, city, round_with_work):
    client.login(username="street", password=PASSWORD)
    response = client.get("/staff/dashboard/", {"round": round_with_work.pk, "community": city.far.pk})
    assert _figures(response)["opinions"] == 4  # the unknown filter is ignored, scope still applies


def test_ranking_puts_the_closed_community_first(client, city, round_with_work):
    client.login(username="city", password=PASSWORD)
    rows = client.get("/staff/dashboard/", {"round": round_with_work.pk}).context["community_rows"]
    assert rows[0]["name"] == "三眼井社区"
    assert rows[0]["completion_rate"] == 1.0


def test_chart_data_is_embedded_for_echarts(client, city, round_with_work):
    client.login(username="city", password=PASSWORD)
    body = client.get("/staff/dashboard/", {"round": round_with_work.pk}).content.decode()
    match = re.search(r'<script id="by-category" type="application/json">(.*?)</script>', body)
    assert json.loads(match.group(1)) == [{"name": "环境卫生", "value": 6}]
    assert "vendor/echarts/echarts.min.js" in body


def test_leader_sees_a_one_screen_summary_of_contact_communities(client, city, round_with_work):
    client.login(username="leader", password=PASSWORD)
    response = client.get("/staff/dashboard/", {"round": round_with_work.pk})
    assert "联系点概况" in response.content.decode()
    assert {row["name"] for row in response.context["community_rows"]} == {"三眼井社区", "蒲阳社区"}


def test_dashboard_query_count_does_not_grow_with_projects(client, city, round_with_work,
                                                           django_assert_max_num_queries):
    client.login(username="city", password=PASSWORD)
    with django_assert_max_num_queries(40):
        client.get("/staff/dashboard/", {"round": round_with_work.pk})


def test_a_close_shows_at_once_on_the_dashboard(client, city, round_with_work):
    client.login(username="city", password=PASSWORD)
    before = _figures(client.get("/staff/dashboard/", {"round": round_with_work.pk}))["projects_closed"]
    project = Project.objects.get(round=round_with_work, status="in_progress", community=city.far)
    project = projects.project_transition(actor=city.far_unit_user, project=project, action="report_done",
                                          note="完成")
    projects.project_transition(actor=city.city_user, project=project, action="close")
    after = _figures(client.get("/staff/dashboard/", {"round": round_with_work.pk}))["projects_closed"]
    assert after == before + 1


def test_public_figures_page_shows_no_personal_data(client, city, round_with_work):
    response = client.get("/figures/", {"round": round_with_work.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "办实事数据公示" in body
    assert "13812345678" not in body and "138****5678" not in body


def test_empty_charts_say_there_is_no_data_instead_of_drawing_slices(client, city, round_with_work):
    from gongjian.solicitation.services import round_create

    empty_round = round_create(actor=None, name="2011年第一轮", year=2011)
    client.login(username="city", password=PASSWORD)
    response = client.get("/staff/dashboard/", {"round": empty_round.pk})
    body = response.content.decode()
    boxes = {c["source"]: c["total"] for c in response.context["chart_boxes"]}
    assert set(boxes.values()) == {0}
    assert body.count('<div class="chart-box chart-empty" data-total="0"><span>暂无数据</span></div>') == 6
    assert "data-chart=" not in body
    # The satisfaction data is still three zero rows: the total is what tells the page it is empty.
    match = re.search(r'<script id="satisfaction" type="application/json">(.*?)</script>', body)
    assert [r["value"] for r in json.loads(match.group(1))] == [0, 0, 0]


def test_charts_with_data_carry_their_totals(client, city, round_with_work):
    client.login(username="city", password=PASSWORD)
    response = client.get("/staff/dashboard/", {"round": round_with_work.pk})
    boxes = {c["source"]: c["total"] for c in response.context["chart_boxes"]}
    assert boxes["by-category"] == 6 and boxes["by-status"] == 3
    assert 'data-chart="pie" data-source="by-category" data-total="6"' in response.content.decode()


def test_community_ranking_is_paged_with_ranks_of_the_whole_list(client, city, round_with_work, monkeypatch):
    from gongjian.reports import views

    monkeypatch.setattr(views, "RANKING_PAGE_SIZE", 2)
    client.login(username="city", password=PASSWORD)
    first = client.get("/staff/dashboard/", {"round": round_with_work.pk})
    second = client.get("/staff/dashboard/", {"round": round_with_work.pk, "rpage": 2})
    whole = [row["name"] for row in first.context["community_rows"]]
    assert [row["name"] for row in second.context["ranking_page"]] == whole[2:4]
    assert f'<td data-label="名次">3</td><td data-label="社区">{whole[2]}</td>' in second.content.decode()
