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


# Objects of one community (or street) besides opinions and projects, built only for the rows that
# name them: path parameter → kind. "campaign" and "standard" are city-wide (one object, both sides).
SCOPED_KINDS = {
    "meeting_id": "meeting", "supervision_id": "supervision", "member_id": "member",
    "activity_id": "activity", "assessment_id": "assessment", "request_id": "task_request",
    "rating_id": "rating",
}
CITY_WIDE_KINDS = {"campaign_id": "campaign", "standard_id": "standard"}


def add_scoped_objects(scene: Scene, kinds) -> Scene:
    """Build `kinds` (values of SCOPED_KINDS / CITY_WIDE_KINDS) on both sides of `scene`, through the
    real services: own in 三眼井社区 (城中街道), far in 城北社区 (城北街道)."""
    from datetime import date

    from gongjian.activities.services import activity_create
    from gongjian.evaluation.tests.factories import make_campaign, rate
    from gongjian.members.tests.factories import make_member
    from gongjian.standards import services as standards
    from gongjian.standards.tests.factories import make_standard, points
    from gongjian.supervision import services as supervision

    city = scene.city
    kinds = set(kinds)
    sides = {"own": (city.community, city.unit, city.community_user, city.unit_user),
             "far": (city.far, city.far_unit, city.far_community_user, city.far_unit_user)}
    campaign = make_campaign(rnd=scene.round) if kinds & {"campaign", "rating"} else None
    standard = make_standard(city.city_user) if kinds & {"standard", "assessment"} else None
    for side, (community, unit, community_user, unit_user) in sides.items():
        objects = scene.own if side == "own" else scene.far
        if campaign is not None:
            objects["campaign"] = campaign
        if standard is not None:
            objects["standard"] = standard
        if "meeting" in kinds:
            objects["meeting"] = supervision.meeting_schedule(
                actor=city.city_user, community=community, held_on=today() + timedelta(days=7),
                kind="committee", place="社区会议室")
        if "supervision" in kinds:
            objects["supervision"] = supervision.supervision_issue(
                actor=city.city_user, project=objects["project"], finding="进度滞后",
                requirement="按期完成", reply_due=today() + timedelta(days=7))
        if "member" in kinds:
            objects["member"] = make_member(city, name="王建华" if side == "own" else "赵卫东",
                                            community=community)
        if "activity" in kinds:
            objects["activity"] = activity_create(
                actor=community_user, kind="volunteer", title="清扫楼道", community=community,
                date=date(2010, 6, 5), organiser_community=community)
        if "assessment" in kinds:
            objects["assessment"] = standards.self_assessment_save(
                actor=community_user, standard=standard, community=community,
                scores=points(standard, 40, 20, 10))
        if "task_request" in kinds:
            from gongjian.funding.services import task_request_file

            objects["task_request"] = task_request_file(
                actor=unit_user, unit=unit, title="创建文明城市入户调查", communities=[community],
                starts_on=today(), staff_count=0, amount_per_community=0,
                funds_due_on=today() + timedelta(days=30))
        if "rating" in kinds:
            objects["rating"] = rate(campaign, community, unit, [4, 4, 4, 4], actor=community_user)[0]
    return scene


@pytest.fixture
def scene(city):
    return build_scene(city)
