"""Demo data of community conditions: cadres' training (where it falls short: "教育培训不够")
and the communities' working budgets. Premises and cadres themselves come from the registry."""

from datetime import date

from gongjian.registry.models import Cadre, Community

from . import services

COURSES = [("社区党组织书记轮训班", "市委组织部", 24), ("社区工作者业务培训", "市民政局", 16),
           ("计算机基础与办公软件", "市委党校", 12), ("社区矫正与人民调解", "市司法局", 8),
           ("劳动保障政策培训", "市人社局", 8)]


def load(*, admin, rng) -> None:
    for cadre in Cadre.objects.order_by("id"):
        # About half the cadres were trained in 2010 — a gap the overview should show.
        if rng.random() < 0.5:
            title, organiser, hours = rng.choice(COURSES)
            services.training_record(actor=admin, cadre=cadre, title=title, organiser=organiser, hours=hours,
                                     held_on=date(2010, rng.randrange(3, 12), rng.randrange(1, 28)),
                                     certificate="结业")
    for community in Community.objects.order_by("code"):
        base = 20000 if community.office_premises in ("incomplete", "rented") else 30000
        for year in (2010, 2011):
            allocated = base + 1000 * rng.randrange(0, 15)
            services.budget_set(actor=admin, community=community, year=year, allocated=allocated,
                                spent=allocated if year == 2010 else allocated // 4, source="市、区财政拨款",
                                note="办公经费紧张" if community.office_premises != "owned" else "")
