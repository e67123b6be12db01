"""Test data of the supervision area, built through the real services."""

from datetime import timedelta

from gongjian.projects import services as projects
from gongjian.projects.models import Project
from gongjian.registry.services import unit_create
from gongjian.solicitation import services as solicitation
from gongjian.solicitation.models import Round
from gongjian.testing import today

_n = {"n": 0}


def make_round():
    return Round.objects.filter(name="2010年第一轮").first() or solicitation.round_create(
        actor=None, name="2010年第一轮", year=2010)


def make_project(city, *, status="in_progress", community=None, lead_unit=None, deadline=None, title=None):
    """A project moved to `status` through the real transitions (lead: city.unit by default)."""
    community = community or city.community
    _n["n"] += 1
    rnd = make_round()
    opinion = solicitation.opinion_create(actor=None, round=rnd, community=community, channel="form",
                                          category=city.category, content=f"路灯坏了 {_n['n']}")
    problem = solicitation.problem_register(actor=None, round=rnd, community=community, title=f"问题 {_n['n']}",
                                            opinions=[opinion])
    problem = solicitation.problem_classify(actor=None, problem=problem, klass="A", note="")
    lead_unit = lead_unit or (city.unit if community == city.community else community.units.first())
    deadline = deadline or today() + timedelta(days=30)
    # Test data is history built after the fact: set up on or before its deadline, telling nobody.
    project = projects.project_create(actor=None, problem=problem, title=title or f"修复路灯 {_n['n']}",
                                      lead_unit=lead_unit, handler="王建国", handler_phone="13900001111",
                                      deadline=deadline, today=min(deadline, today()), quiet=True)
    lead_user = lead_unit.users.first()
    steps = {"approved": ["approve"], "in_progress": ["approve", "start"],
             "completed": ["approve", "start", "report_done"],
             "closed": ["approve", "start", "report_done", "close"]}[status] if status != "draft" else []
    for action in steps:
        actor = lead_user if action in ("start", "report_done") else city.city_user
        project = projects.project_transition(actor=actor, project=project, action=action, quiet=True,
                                              note="已完成" if action == "report_done" else "")
    return Project.objects.get(pk=project.pk)


def more_units(community, n):
    return [unit_create(actor=None, community=community, name=f"测试单位{community.pk}-{k}", kind="other")
            for k in range(n)]
