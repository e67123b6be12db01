"""Round figures (API.md › Figures): projects, closed, overdue, completion and satisfaction rates per
round, street and community, and only inside the user's scope."""

from datetime import timedelta

import pytest
from django.db.models import Q

from gongjian.projects import services
from gongjian.projects.tests.factories import make_opinion, make_problem, make_project, make_round
from gongjian.reports.selectors import Area, round_figures
from gongjian.testing import today


@pytest.fixture
def figures_city(city):
    """Round 1: in 三眼井 (street 城中) a draft, an overdue approved one, an in-progress one, a completed
    one and two closed ones; in 城北社区 (street 城北) one closed. Round 2: one approved in 三眼井."""
    r1, r2 = make_round(), make_round("2011年第一轮", 2011)
    past = today() - timedelta(days=3)
    p = make_problem(city, r1)
    make_project(city, p)  # draft: not a commitment yet, not counted
    make_project(city, p, status="approved", deadline=past)
    make_project(city, p, status="in_progress")
    make_project(city, p, status="completed", deadline=past)  # done: not overdue
    closed = make_project(city, p, status="closed")
    closed2 = make_project(city, p, status="closed")
    far_closed = make_project(city, make_problem(city, r1, community=city.far), status="closed")
    make_project(city, make_problem(city, r2), status="approved", deadline=past)
    for value in ("satisfied", "basic", "unsatisfied"):
        services.rating_submit(project=closed, receipt_code=make_opinion(city, r1).receipt_code, value=value)
    services.rating_submit(project=closed2, receipt_code=make_opinion(city, r1).receipt_code, value="satisfied")
    services.rating_submit(project=far_closed, receipt_code=make_opinion(city, r1, city.far).receipt_code,
                           value="unsatisfied")
    return city, r1, r2


def _project_figures(area):
    f = round_figures(area)
    return {k: f[k] for k in ("projects", "projects_closed", "projects_overdue", "completion_rate",
                              "satisfaction_rate")}


def test_figures_of_a_round_for_the_whole_city(figures_city):
    city, r1, _ = figures_city
    assert _project_figures(Area(community_q=Q(), round_id=r1.pk)) == {
        "projects": 6, "projects_closed": 3, "projects_overdue": 1, "completion_rate": 0.5,
        "satisfaction_rate": 0.6}


def test_figures_of_a_street(figures_city):
    city, r1, _ = figures_city
    assert _project_figures(Area(community_q=Q(), round_id=r1.pk, street_id=city.street.pk)) == {
        "projects": 5, "projects_closed": 2, "projects_overdue": 1, "completion_rate": 0.4,
        "satisfaction_rate": 0.75}
    assert _project_figures(Area(community_q=Q(), round_id=r1.pk, street_id=city.other_street.pk)) == {
        "projects": 1, "projects_closed": 1, "projects_overdue": 0, "completion_rate": 1.0,
        "satisfaction_rate": 0.0}


def test_figures_of_a_community_and_of_all_rounds(figures_city):
    city, r1, r2 = figures_city
    assert _project_figures(Area(community_q=Q(), round_id=r2.pk, community_id=city.community.pk)) == {
        "projects": 1, "projects_closed": 0, "projects_overdue": 1, "completion_rate": 0.0,
        "satisfaction_rate": None}
    assert round_figures(Area(community_q=Q()))["projects"] == 7


def test_rates_are_null_without_a_denominator(city):
    figures = round_figures(Area(community_q=Q()))
    assert figures["completion_rate"] is None and figures["satisfaction_rate"] is None
    assert figures["projects"] == 0


def test_a_public_caller_without_scope_filter_counts_everything(figures_city):
    city, r1, _ = figures_city
    assert round_figures(Area(community_q=None, round_id=r1.pk))["projects"] == 6


def test_the_stats_api_counts_only_inside_the_users_scope(figures_city, api):
    city, r1, _ = figures_city
    street = api(city.street_user).get("stats", {"round": r1.pk}).json()
    assert (street["projects"], street["projects_closed"], street["satisfaction_rate"]) == (5, 2, 0.75)
    far = api(city.far_community_user).get("stats", {"round": r1.pk}).json()
    assert (far["projects"], far["projects_closed"], far["satisfaction_rate"]) == (1, 1, 0.0)
    everything = api(city.city_user).get("stats", {"round": r1.pk, "street": city.other_street.pk}).json()
    assert everything["projects"] == 1
    # asking for another street's figures still counts only inside the user's own scope
    response = api(city.street_user).get("stats", {"street": city.other_street.pk})
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert response.json()["projects"] == 0


def test_a_project_declined_back_to_draft_leaves_the_count(figures_city):
    city, r1, _ = figures_city
    project = make_project(city, make_problem(city, r1), status="approved")
    assert round_figures(Area(community_q=Q(), round_id=r1.pk))["projects"] == 7
    services.project_transition(actor=city.unit_user, project=project, action="decline", note="非本单位职责")
    assert round_figures(Area(community_q=Q(), round_id=r1.pk))["projects"] == 6
