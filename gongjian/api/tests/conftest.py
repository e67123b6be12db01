"""Fixtures of the security tests: the small city plus, in one community of each street, the objects
an attacker would aim at (an opinion, a problem, a project with a progress entry and an extension
request), all built through the real services."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from gongjian.projects import services as project_services
from gongjian.projects.tests.factories import make_opinion, make_project, make_round
from gongjian.testing import today

# Marker strings of the other street's objects: no answer to a user of 城中街道 may contain them.
FAR_OPINION_TEXT = "城北社区垃圾站臭气熏天FARSECRET1"
FAR_PROBLEM_TITLE = "城北社区垃圾站整治FARSECRET2"
FAR_PROJECT_TITLE = "城北垃圾站改造FARSECRET3"
FAR_PROGRESS_NOTE = "城北垃圾站已拆除FARSECRET4"
FAR_MARKERS = ("FARSECRET1", "FARSECRET2", "FARSECRET3", "FARSECRET4")

# The order of the roles in the matrix' status strings.
ROLES = ("city", "street", "street2", "community", "community_far", "unit", "counit", "unit_far",
         "liaison", "leader")


def role_users(city) -> dict:
    return {
        "city": city.city_user, "street": city.street_user, "street2": city.other_street_user,
        "community": city.community_user, "community_far": city.far_community_user,
        "unit": city.unit_user, "counit": city.co_unit_user, "unit_far": city.far_unit_user,
        "liaison": city.liaison_user, "leader": city.leader_user,
    }


# Users for whom an object of 三眼井社区 (own) is out of scope, and those for whom one of 城北社区 is.
OUTSIDERS_OF_OWN = ("street2", "community_far", "unit_far")
OUTSIDERS_OF_FAR = ("street", "community", "unit", "counit", "liaison", "leader")


@dataclass
class Scene:
    city: object
    round: object
    own: dict  # kind → object in 三眼井社区
    far: dict  # kind → object in 城北社区


def build_scene(city) -> Scene:
    rnd = make_round()
    own_project = make_project(city, status="in_progress")
    far_problem_opinion = make_opinion(city, rnd, community=city.far, content=FAR_OPINION_TEXT)
    from gongjian.solicitation import services as sol

    far_problem = sol.problem_register(actor=None, round=rnd, community=city.far, title=FAR_PROBLEM_TITLE,
                                       opinions=[far_problem_opinion])
    far_problem = sol.problem_classify(actor=None, problem=far_problem, klass="A")
    far_project = make_project(city, far_problem, status="in_progress", title=FAR_PROJECT_TITLE)
    # Pending opinions with the same words in both communities: "similar" must not cross scopes.
    own_opinion = make_opinion(city, rnd, content="垃圾站臭气熏天，请整治")
    far_opinion = make_opinion(city, rnd, community=city.far, content=FAR_OPINION_TEXT)
    reports = {}
    extensions = {}
    for key, project in (("own", own_project), ("far", far_project)):
        lead = project.lead_unit.users.first()
        reports[key] = project_services.progress_report(
            actor=lead, project=project, unit=project.lead_unit, percent=30,
            note=FAR_PROGRESS_NOTE if key == "far" else "三眼井路灯已换一半")
        extensions[key] = project_services.extension_request(
            actor=lead, project=project, deadline=today() + timedelta(days=90), reason="材料未到")
    own_problem = own_project.problem
    return Scene(
        city=city, round=rnd,
        own={"opinion": own_opinion, "problem": own_problem, "project": own_project,
             "report": reports["own"], "extension": extensions["own"]},
        far={"opinion": far_opinion, "problem": far_problem, "project": far_project,
             "report": reports["far"], "extension": extensions["far"]},
    )


@pytest.fixture
def scene(city):
    return build_scene(city)
