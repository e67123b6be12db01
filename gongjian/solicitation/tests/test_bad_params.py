"""Staff pages with ids that cannot be ids (hundreds of digits, letters): 400, never a 500 (issue 15)."""

import pytest
from django.test import Client
from django.urls import reverse

from gongjian.solicitation.models import Problem, Round

from .factories import make_opinion, make_problem, make_round

HUGE = "9" * 40


@pytest.fixture
def staff(city):
    client = Client()
    client.force_login(city.community_user)
    return client


@pytest.mark.parametrize("page, params", [
    ("solicitation:workbench", {"round": HUGE}), ("solicitation:workbench", {"community": HUGE}),
    ("solicitation:workbench", {"category": "abc"}), ("solicitation:problem_list", {"round": HUGE}),
    ("solicitation:problem_list", {"community": HUGE}), ("solicitation:solicitation_list", {"round": HUGE}),
    ("solicitation:opinion_create", {"saved": HUGE}), ("solicitation:opinion_import", {"round": HUGE}),
])
def test_an_id_past_any_column_is_400_on_staff_lists(city, staff, page, params):
    make_round()
    assert staff.get(reverse(page), params).status_code == 400


@pytest.mark.parametrize("page", ["solicitation:workbench", "solicitation:problem_list",
                                  "solicitation:solicitation_list"])
def test_a_page_number_past_the_end_is_the_last_page(city, staff, page):
    make_round()
    assert staff.get(reverse(page), {"page": HUGE}).status_code == 200


def test_carrying_over_to_a_round_past_any_column_is_400_and_changes_nothing(city, staff):
    rnd = make_round()
    problem = make_problem(city, rnd, opinions=[make_opinion(city, rnd)])
    Problem.objects.filter(pk=problem.pk).update(klass=Problem.Class.B)
    response = Client()
    response.force_login(city.street_user)
    answer = response.post(reverse("solicitation:problem_carry_over", args=[problem.pk]), {"round": HUGE})
    assert answer.status_code == 400
    assert Problem.objects.count() == 1 and Round.objects.count() == 1


@pytest.mark.parametrize("path", ["opinions", "problems", "solicitations"])
@pytest.mark.parametrize("param", ["round", "community"])
def test_an_id_past_any_column_is_400_on_api_lists(city, api, path, param):
    response = api(city.city_user).get(path, {param: HUGE})
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["opinions", "problems", "solicitations", "rounds", "categories"])
def test_a_page_past_the_end_is_an_empty_page_on_api_lists(city, api, path):
    response = api(city.city_user).get(path, {"page": HUGE})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_merging_an_id_past_any_column_is_refused_and_changes_nothing(city, staff):
    rnd = make_round()
    opinion = make_opinion(city, rnd)
    response = staff.post(reverse("solicitation:workbench_merge"), {"title": "楼道灯", "opinions": [opinion.pk, HUGE]})
    assert response.status_code == 302
    assert Problem.objects.count() == 0
