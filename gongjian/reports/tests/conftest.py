"""Shared fixtures of the reports tests."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from gongjian.projects import services as projects
from gongjian.solicitation import services as solicitation
from gongjian.testing import PASSWORD


@pytest.fixture
def round_with_work(city):
    """Opinions in three communities; one project per community: closed, overdue, in progress."""
    rnd = solicitation.round_create(actor=city.city_user, name="2010年第一轮", year=2010)
    solicitation.solicitation_record(actor=city.city_user, round=rnd, community=city.community, kind="form",
                                     date=date(2010, 3, 1), count=120)
    solicitation.solicitation_record(actor=city.city_user, round=rnd, community=city.far, kind="form",
                                     date=date(2010, 3, 1), count=80)
    made = {}
    for community, unit, fate in [(city.community, city.unit, "closed"), (city.sibling, city.sibling_unit, "overdue"),
                                  (city.far, city.far_unit, "in_progress")]:
        opinions = [solicitation.opinion_create(actor=city.city_user, round=rnd, community=community,
                                                channel="form", category=city.category,
                                                content=f"{community.name}路灯不亮{k}", submitter_phone="13812345678")
                    for k in range(2)]
        problem = solicitation.problem_register(actor=city.city_user, round=rnd, community=community,
                                                title=f"{community.name}路灯不亮", opinions=opinions)
        problem = solicitation.problem_classify(actor=city.city_user, problem=problem, klass="A")
        deadline = timezone.localdate() + (timedelta(days=-3) if fate == "overdue" else timedelta(days=30))
        project = projects.project_create(actor=city.city_user, problem=problem, title=f"修路灯{community.name}",
                                          lead_unit=unit, handler="张三", deadline=deadline,
                                          today=min(deadline, timezone.localdate()))
        project = projects.project_transition(actor=city.city_user, project=project, action="approve")
        lead = {city.unit: city.unit_user, city.far_unit: city.far_unit_user}.get(unit)
        if lead is None:
            from gongjian.accounts.services import user_create

            lead = user_create(actor=None, username=f"u{unit.pk}", password=PASSWORD, role="unit", scope=unit,
                               validate=False)
        project = projects.project_transition(actor=lead, project=project, action="start")
        if fate == "closed":
            project = projects.project_transition(actor=lead, project=project, action="report_done", note="已修好")
            projects.rating_submit(project=project, receipt_code=opinions[0].receipt_code, value="satisfied")
            projects.rating_submit(project=project, receipt_code=opinions[1].receipt_code, value="unsatisfied")
            project = projects.project_transition(actor=city.city_user, project=project, action="close")
        made[fate] = project
    return rnd
