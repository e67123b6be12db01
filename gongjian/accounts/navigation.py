"""The staff menu by role: each entry names a URL and the roles that see it.

An entry whose URL is not (yet) installed is left out, so the menu never links to a missing page.
"""

from django.urls import NoReverseMatch, reverse

from gongjian.permissions import scope_of

ALL_STAFF = {"city", "street", "community", "unit", "liaison", "leader"}

MENU: list[tuple[str, str, set[str]]] = [
    ("首页", "accounts:home", ALL_STAFF),
    ("待办", "todo:todo", ALL_STAFF),
    ("数据看板", "reports:dashboard", ALL_STAFF),
    ("意见录入", "solicitation:opinion_create", {"city", "street", "community"}),
    ("意见筛选", "solicitation:workbench", {"city", "street", "community"}),
    ("问题台账", "solicitation:problem_list", {"city", "street", "community", "liaison", "leader"}),
    ("我的项目", "projects:my_projects", {"unit"}),
    ("项目总览", "projects:board", {"city", "street", "community", "liaison", "leader"}),
    ("销号审核", "projects:closeout", {"city", "street"}),
    ("督办", "supervision:home", {"city", "street", "community", "unit", "liaison", "leader"}),
    ("轮值主席与例会", "supervision:communities", {"city", "street", "community", "unit", "liaison", "leader"}),
    ("领导联系点", "supervision:contact_points", {"city"}),
    ("协调委员会", "supervision:committee", {"city", "street", "community", "leader"}),
    ("消息", "notifications:inbox", ALL_STAFF),
    ("双向评议", "evaluation:home", ALL_STAFF),
    ("考核排名", "evaluation:unit_scores", ALL_STAFF - {"unit"}),
    ("我的考核", "evaluation:my_score", {"unit"}),
    ("考核权重", "evaluation:weights", {"city"}),
    ("党员管理", "members:member_list", ALL_STAFF),
    ("党员风险名单", "members:risk_lists", {"city", "street", "community", "liaison", "leader"}),
    ("共建活动", "activities:activity_list", ALL_STAFF),
    ("辖区单位", "registry:unit_list", {"city", "street", "community", "unit", "liaison", "leader"}),
    ("社区", "registry:community_list", {"city", "street", "liaison", "leader"}),
    ("街道", "registry:street_list", {"city", "street"}),
    ("党组织", "registry:party_organization_list", {"city", "street", "community"}),
    ("社区干部", "registry:cadre_list", {"city", "street", "community"}),
    ("从全国行政区划载入", "divisions:load", {"city"}),
    ("工作准入", "funding:request_list", {"city", "street", "community", "unit"}),
    ("经费台账", "funding:ledger", {"city", "street", "community", "unit"}),
    ("基础条件", "conditions:overview", {"city", "street", "community"}),
    ("示范社区", "standards:index", {"city", "street", "community", "liaison", "leader"}),
    ("示范标准与目标", "standards:standard_list", {"city"}),
    ("用户管理", "accounts:user_list", {"city", "street"}),
    ("轮次与批次", "solicitation:round_list", {"city", "street", "community", "liaison", "leader"}),
    ("意见类别", "solicitation:category_list", {"city"}),
    ("开通向导", "citysetup:checklist", {"city"}),
]


def menu_for(user) -> list[dict]:
    role = scope_of(user).role
    items = []
    for label, url_name, roles in MENU:
        if role not in roles:
            continue
        try:
            items.append({"label": label, "url": reverse(url_name), "name": url_name})
        except NoReverseMatch:
            continue
    return items
