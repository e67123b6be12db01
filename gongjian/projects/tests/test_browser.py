"""In a real browser (Debian's Chromium through Playwright): a resident follows the public board on a
phone-size screen and rates a finished project; a unit user logs in and reports progress."""

import re
from datetime import timedelta

import pytest

from gongjian.projects.models import ProgressReport, Rating
from gongjian.testing import PASSWORD, today

from .factories import make_opinion, make_project

pytestmark = [pytest.mark.browser]  # skipped when Chromium is missing (gongjian/conftest.py)

SCREENSHOT = "/tmp/gongjian-board-phone.png"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def styled(page) -> bool:
    """site.css is loaded: the top bar has the site's red."""
    return page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor") == "rgb(176, 32, 26)"


def test_resident_walks_the_public_board_on_a_phone(live_server, phone_page, city):
    done = make_project(city, status="completed", title="三眼井小区路灯更换", handler="王建国")
    make_project(city, status="in_progress", title="蒲阳路排水沟清淤疏通工程（二期）", is_key=True)
    make_project(city, status="approved", title="老旧小区楼道照明", deadline=today() - timedelta(days=2))
    code = make_opinion(city, done.round).receipt_code
    page = phone_page

    page.goto(f"{live_server.url}/board/")
    # The city-wide board: every community's projects in one list, searched and filtered.
    assert page.get_by_role("link", name="三眼井小区路灯更换").is_visible()
    page.get_by_label("搜索").fill("排水沟")
    page.get_by_role("button", name="查看").click()
    assert page.get_by_role("link", name="蒲阳路排水沟清淤疏通工程（二期）").is_visible()
    assert page.get_by_role("link", name="三眼井小区路灯更换").count() == 0
    assert no_sideways_scroll(page)
    page.get_by_label("搜索").fill("")
    page.get_by_label("街道").select_option(label=city.street.name)
    page.get_by_label("社区").select_option(label=city.community.name)
    page.get_by_role("button", name="查看").click()
    page.get_by_role("link", name=f"{city.community.name}的项目公示页 →").click()
    page.wait_for_url(re.compile(r"/board/c/\d+/"))
    assert page.get_by_role("heading", name=re.compile("三眼井社区")).is_visible()
    assert page.get_by_text("已逾期").is_visible()
    assert page.get_by_text("王**").first.is_visible()
    assert page.locator("text=王建国").count() == 0
    assert styled(page) and no_sideways_scroll(page)
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.get_by_role("link", name="三眼井小区路灯更换").click()
    assert page.get_by_text("已完成路灯更换").first.is_visible()
    assert no_sideways_scroll(page)
    page.screenshot(path="/tmp/gongjian-project-phone.png", full_page=True)
    page.get_by_role("link", name="我要评价").click()
    page.get_by_label("回执码").fill(code)
    page.get_by_label("满意", exact=True).check()
    assert no_sideways_scroll(page)
    page.screenshot(path="/tmp/gongjian-rate-phone.png", full_page=True)
    page.get_by_role("button", name="提交评价").click()
    assert page.get_by_role("heading", name="感谢您的评价").is_visible()
    assert Rating.objects.get(project=done).value == "satisfied"

    # The same code again: a plain explanation, no second rating.
    page.go_back()
    page.reload()
    page.get_by_label("回执码").fill(code)
    page.get_by_label("不满意").check()
    page.get_by_role("button", name="提交评价").click()
    assert page.get_by_text("该回执码已评价过本项目").is_visible()
    assert Rating.objects.filter(project=done).count() == 1


def test_unit_user_logs_in_and_reports_progress(live_server, phone_page, city):
    project = make_project(city, status="in_progress", title="三眼井小区路灯更换")
    page = phone_page

    page.goto(f"{live_server.url}/staff/login/")
    page.get_by_label("用户名").fill(city.unit_user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    page.get_by_text("菜单").click()
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="我的项目").click()
    card = page.locator(f"#p{project.pk}")
    assert card.get_by_text("三眼井小区路灯更换").is_visible()
    card.get_by_label("目前进度（%）").fill("60")
    card.get_by_label("进展情况").fill("新灯杆已立好 6 根")
    card.get_by_role("button", name="提交进度").click()
    assert page.get_by_text("已填报进度 60%").is_visible()
    assert styled(page) and no_sideways_scroll(page)
    page.screenshot(path="/tmp/gongjian-my-projects-phone.png", full_page=True)
    report = ProgressReport.objects.get(project=project)
    assert (report.percent, report.note, report.unit_id) == (60, "新灯杆已立好 6 根", city.unit.pk)
