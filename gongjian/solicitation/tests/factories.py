"""Test data through the real services, so that tests take the path users take."""

from datetime import date, timedelta

from gongjian.projects.services import project_create, project_transition
from gongjian.solicitation import services
from gongjian.solicitation.models import Round


def make_round(name="2010年第一轮", year=2010, status=Round.Status.OPEN):
    rnd = services.round_create(actor=None, name=name, year=year)
    if status != Round.Status.OPEN:
        path = {Round.Status.SCREENING: ["screening"], Round.Status.IN_PROGRESS: ["screening", "in_progress"],
                Round.Status.CLOSED: ["screening", "in_progress", "closed"]}[status]
        for step in path:
            rnd = services.round_set_status(actor=None, round=rnd, status=step)
    return rnd


def make_opinion(city, rnd, community=None, content="3栋楼道灯坏了", phone="13812345678", name="张三",
                 channel="form", category=None):
    return services.opinion_create(actor=None, round=rnd, community=community or city.community,
                                   channel=channel, category=category or city.category, content=content,
                                   submitter_name=name, submitter_phone=phone)


def make_problem(city, rnd, opinions=(), title="楼道灯不亮", community=None, klass=""):
    problem = services.problem_register(actor=None, round=rnd, community=community or city.community,
                                        title=title, opinions=opinions)
    if klass:
        problem = services.problem_classify(actor=None, problem=problem, klass=klass,
                                            note="须说明" if klass == "C" else "")
    return problem


def make_project(city, problem, approve=False):
    project = project_create(actor=None, problem=problem, title="更换楼道灯", lead_unit=city.unit,
                             handler="李四", handler_phone="13900001111",
                             deadline=date.today() + timedelta(days=30))
    if approve:
        project = project_transition(actor=city.street_user, project=project, action="approve")
    return project
