"""Test data built through the real services (the same path users take)."""

from datetime import timedelta

from gongjian.projects import services
from gongjian.projects.models import Project
from gongjian.solicitation import services as solicitation
from gongjian.testing import today

_counter = {"n": 0}


def make_round(name="2010年第一轮", year=2010):
    from gongjian.solicitation.models import Round

    existing = Round.objects.filter(name=name).first()
    return existing or solicitation.round_create(actor=None, name=name, year=year)


def make_opinion(city, rnd, community=None, name="张三丰", phone="13812345678", content="路灯坏了"):
    return solicitation.opinion_create(actor=None, round=rnd, community=community or city.community,
                                       channel="form", category=city.category, content=content,
                                       submitter_name=name, submitter_phone=phone)


def make_problem(city, rnd=None, community=None, klass="A", title="三眼井小区路灯不亮"):
    rnd = rnd or make_round()
    community = community or city.community
    opinion = make_opinion(city, rnd, community)
    problem = solicitation.problem_register(actor=None, round=rnd, community=community, title=title,
                                            opinions=[opinion])
    if klass:
        problem = solicitation.problem_classify(actor=None, problem=problem, klass=klass,
                                                note="无法解决的说明" if klass == "C" else "")
    return problem


def make_project(city, problem=None, *, status="draft", lead_unit=None, co_units=None, deadline=None,
                 handler="王建国", handler_phone="13900001111", is_key=False, title=None, batch_number=1,
                 community=None):
    """A project moved to `status` through the real transitions."""
    problem = problem or make_problem(city, community=community)
    _counter["n"] += 1
    deadline = deadline or today() + timedelta(days=30)
    # Test data is history built after the fact: set up on or before its deadline, telling nobody.
    project = services.project_create(
        actor=city.community_user if problem.community_id == city.community.pk else city.city_user,
        problem=problem, title=title or f"修复路灯 {_counter['n']}",
        lead_unit=lead_unit or (city.unit if problem.community_id == city.community.pk else
                                problem.community.units.first()),
        co_units=co_units if co_units is not None else ([city.co_unit] if problem.community_id == city.community.pk
                                                        else []),
        handler=handler, handler_phone=handler_phone, deadline=deadline, budget="8000", fund_source="单位自筹",
        is_key=is_key, batch_number=batch_number, today=min(deadline, today()), quiet=True)
    lead = project.lead_unit.users.first()
    steps = {
        "approved": [("approve", city.city_user)],
        "in_progress": [("approve", city.city_user), ("start", lead)],
        "completed": [("approve", city.city_user), ("start", lead), ("report_done", lead)],
        "closed": [("approve", city.city_user), ("start", lead), ("report_done", lead), ("close", city.city_user)],
    }
    for action, actor in steps.get(status, []):
        project = services.project_transition(actor=actor, project=project, action=action, quiet=True,
                                              note="已完成路灯更换" if action == "report_done" else "")
    return Project.objects.get(pk=project.pk)
