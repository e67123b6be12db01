"""Demo data of task admission and the funds ledger — the problem they address: "部分单位将相关工作任务
转移到了社区，但没有按要求向社区划拨相应的工作经费". Built through the real services."""

from datetime import date
from decimal import Decimal

from gongjian.accounts.models import User
from gongjian.registry.models import Community, Unit

from . import services


def _unit(name: str) -> Unit:
    return Unit.objects.filter(name=name).order_by("id").first()


def load(*, admin, rng) -> None:
    communities = list(Community.objects.order_by("code"))
    zhujianju_user = User.objects.filter(username="zhujianju").first() or admin
    plans = [
        # (department, title, communities, staff, amount each, contract, due, decision, actor)
        ("应城市民政局", "城乡低保动态管理入户核查", communities, 0, "2000", "", date(2010, 6, 30), "admit", admin),
        ("应城市人力资源和社会保障局", "社区劳动保障服务平台（购买服务）", communities[:8], 0, "6000",
         "YC-RS-GM-2010-003", date(2010, 9, 30), "admit", admin),
        ("应城市人口和计划生育局", "流动人口计划生育服务管理", communities[5:15], 10, "0", "", None, "admit", admin),
        ("应城市城市管理局", "门前三包日常检查", communities[:10], 0, "0", "", None, "refuse", admin),
        ("应城市公安局城中派出所", "实有人口信息采集", communities[:5], 0, "0", "", None, "override", admin),
        ("应城市住房和城乡建设局", "老旧小区改造入户摸底", communities[:3], 2, "1500", "", date(2011, 3, 31),
         "admit", zhujianju_user),
        ("应城市卫生局", "社区慢性病随访登记", communities[10:15], 0, "1200", "", date(2011, 6, 30), "pending",
         admin),
    ]
    for name, title, targets, staff, amount, contract, due, decision, actor in plans:
        unit = _unit(name)
        if unit is None:
            continue
        request = services.task_request_file(
            actor=actor, unit=unit, title=title, communities=targets, starts_on=date(2010, 4, 1),
            ends_on=date(2011, 12, 31), staff_count=staff, staff_note=f"派驻协管员 {staff} 名" if staff else "",
            service_contract=contract, amount_per_community=amount, funds_due_on=due,
            description=f"{name.removeprefix('应城市')}拟将“{title}”工作交由社区承担。")
        if decision == "admit":
            services.task_admit(actor=admin, request=request, note="人员或经费随转，同意准入")
        elif decision == "override":
            services.task_admit(actor=admin, request=request,
                                override_reason="全市统一部署的紧急任务，经费由市财政另行安排（待追加）")
        elif decision == "refuse":
            services.task_refuse(actor=admin, request=request,
                                 reason="属于部门自身职责，且未随转人员和经费，不予准入")
        if decision != "admit" or Decimal(amount) == 0:
            continue
        # Most promises are paid in full; some in part or not at all — overdue, so the ledger shows the gap.
        for promise in request.promises.order_by("community__code"):
            roll = rng.random()
            if roll < 0.6:
                services.payment_record(actor=admin, promise=promise, amount=promise.amount, paid_on=due,
                                        note="按协议足额拨付")
            elif roll < 0.8:
                services.payment_record(actor=admin, promise=promise, amount=promise.amount / 2, paid_on=due,
                                        note="先拨付一半")
