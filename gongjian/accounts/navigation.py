"""The staff menu by role: each entry names a URL and the roles that see it.

An entry whose URL is not (yet) installed is left out, so the menu never links to a missing page.
"""

from django.urls import NoReverseMatch, reverse

from gongjian.accounts.models import Role
from gongjian.permissions import scope_of

ALL_STAFF = set(Role.values)

# label, URL name, the roles that see it, its icon (an npm lucide-static icon name).
MENU: list[tuple[str, str, set[str], str]] = [
    ("首页", "accounts:home", ALL_STAFF, "house"),
    ("待办", "todo:todo", ALL_STAFF, "list-todo"),
    ("数据看板", "reports:dashboard", ALL_STAFF, "chart-column"),
    ("意见录入", "solicitation:opinion_create", {Role.CITY, Role.STREET, Role.COMMUNITY}, "pencil-line"),
    ("意见筛选", "solicitation:workbench", {Role.CITY, Role.STREET, Role.COMMUNITY}, "filter"),
    ("问题台账", "solicitation:problem_list", {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}, "clipboard-list"),
    ("我的项目", "projects:my_projects", {Role.UNIT}, "briefcase"),
    ("项目总览", "projects:board", {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}, "layout-list"),
    ("销号审核", "projects:closeout", {Role.CITY, Role.STREET}, "badge-check"),
    ("督办", "supervision:home", {Role.CITY, Role.STREET, Role.COMMUNITY, Role.UNIT, Role.LIAISON, Role.LEADER}, "bell-ring"),
    ("轮值主席与例会", "supervision:communities", {Role.CITY, Role.STREET, Role.COMMUNITY, Role.UNIT, Role.LIAISON, Role.LEADER}, "calendar-days"),
    ("领导联系点", "supervision:contact_points", {Role.CITY}, "landmark"),
    ("协调委员会", "supervision:committee", {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LEADER}, "users"),
    ("消息", "notifications:inbox", ALL_STAFF, "mail"),
    ("双向评议", "evaluation:home", ALL_STAFF, "scale"),
    ("考核排名", "evaluation:unit_scores", ALL_STAFF - {Role.UNIT}, "trophy"),
    ("我的考核", "evaluation:my_score", {Role.UNIT}, "award"),
    ("考核权重", "evaluation:weights", {Role.CITY}, "settings"),
    ("党员管理", "members:member_list", ALL_STAFF, "flag"),
    ("党员风险名单", "members:risk_lists", {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}, "shield-check"),
    ("共建活动", "activities:activity_list", ALL_STAFF, "handshake"),
    ("辖区单位", "registry:unit_list", {Role.CITY, Role.STREET, Role.COMMUNITY, Role.UNIT, Role.LIAISON, Role.LEADER}, "building-2"),
    ("社区", "registry:community_list", {Role.CITY, Role.STREET, Role.LIAISON, Role.LEADER}, "house"),
    ("街道", "registry:street_list", {Role.CITY, Role.STREET}, "map"),
    ("党组织", "registry:party_organization_list", {Role.CITY, Role.STREET, Role.COMMUNITY}, "flag"),
    ("社区干部", "registry:cadre_list", {Role.CITY, Role.STREET, Role.COMMUNITY}, "users"),
    ("从全国行政区划载入", "divisions:load", {Role.CITY}, "map"),
    ("工作准入", "funding:request_list", {Role.CITY, Role.STREET, Role.COMMUNITY, Role.UNIT}, "file-spreadsheet"),
    ("经费台账", "funding:ledger", {Role.CITY, Role.STREET, Role.COMMUNITY, Role.UNIT}, "wallet"),
    ("基础条件", "conditions:overview", {Role.CITY, Role.STREET, Role.COMMUNITY}, "building-2"),
    ("示范社区", "standards:index", {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}, "award"),
    ("示范标准与目标", "standards:standard_list", {Role.CITY}, "list-checks"),
    ("用户管理", "accounts:user_list", {Role.CITY, Role.STREET}, "user-cog"),
    ("轮次与批次", "solicitation:round_list", {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}, "calendar-days"),
    ("意见类别", "solicitation:category_list", {Role.CITY}, "list-checks"),
    ("开通向导", "citysetup:checklist", {Role.CITY}, "list-checks"),
]


def menu_for(user) -> list[dict]:
    role = scope_of(user).role
    items = []
    for label, url_name, roles, icon in MENU:
        if role not in roles:
            continue
        try:
            items.append({"label": label, "url": reverse(url_name), "name": url_name, "icon": icon})
        except NoReverseMatch:
            continue
    return items
