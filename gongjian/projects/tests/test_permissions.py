"""The projects policy: who sees which projects and who may take each step (API.md › Projects)."""

import pytest

from gongjian import permissions
from gongjian.projects.models import Project

from .factories import make_problem, make_project

ROLES = ["city_user", "street_user", "other_street_user", "community_user", "far_community_user", "unit_user",
         "co_unit_user", "far_unit_user", "liaison_user", "leader_user"]

ALLOWED = {
    "approve": {"city_user", "street_user"},
    "decline": {"unit_user"},
    "start": {"unit_user"},
    "report_done": {"unit_user"},
    "return": {"community_user", "street_user"},
    "close": {"city_user", "street_user"},
    "progress": {"unit_user", "co_unit_user"},
    "attach": {"unit_user", "co_unit_user"},
    "extension_request": {"unit_user"},
    "extension_decide": {"city_user", "street_user"},
    "change": {"city_user", "street_user", "community_user"},
}


@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_who_may_take_each_action(city, action):
    project = make_project(city)
    allowed = {role for role in ROLES if permissions.can(getattr(city, role), action, project)}
    assert allowed == ALLOWED[action]


def test_who_sees_a_project(city):
    project = make_project(city)
    seeing = {role for role in ROLES if permissions.visible(getattr(city, role), Project).filter(pk=project.pk)
              .exists()}
    assert seeing == {"city_user", "street_user", "community_user", "unit_user", "co_unit_user", "liaison_user",
                      "leader_user"}


def test_a_unit_sees_its_led_and_co_projects_once_each(city):
    led = make_project(city)
    other_problem = make_problem(city, title="另一问题")
    co = make_project(city, other_problem, lead_unit=city.co_unit, co_units=[city.unit])
    assert sorted(permissions.visible(city.unit_user, Project).values_list("pk", flat=True)) == sorted([led.pk,
                                                                                                      co.pk])


def test_units_liaisons_and_leaders_cannot_set_projects_up(city):
    for role in ("unit_user", "liaison_user", "leader_user"):
        assert not permissions.can(getattr(city, role), "create", Project)
    for role in ("city_user", "street_user", "community_user"):
        assert permissions.can(getattr(city, role), "create", Project)


def test_a_street_cannot_approve_a_project_of_another_street(city):
    project = make_project(city, community=city.far)
    assert not permissions.can(city.street_user, "approve", project)
    assert permissions.can(city.other_street_user, "approve", project)
