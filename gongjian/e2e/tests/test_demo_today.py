"""The demo city works today, in a real browser (Debian's Chromium through Playwright): with the demo
loaded, a resident submits an opinion on the public page and gets a receipt code (it joins today's
open round), and 三眼井社区's staff arrange this month's chair meeting through the staff pages.

Screenshots go to var/test-artifacts/demo-today-NN-<step>.png.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from gongjian.demo.city import DEMO_PASSWORD, load_demo, present_round_name
from gongjian.registry.models import Community
from gongjian.solicitation.models import Channel, Opinion, Round
from gongjian.supervision.models import Meeting
from gongjian.testing import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTEFACTS = Path(settings.VAR_DIR) / "test-artifacts"
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def demo_city(live_server):
    assert load_demo() is True


@pytest.fixture
def pages(browser, site_static):
    contexts = []

    def open_page(device: dict):
        context = browser.new_context(locale="zh-CN", **device)
        contexts.append(context)
        return context.new_page()

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    yield open_page
    for context in contexts:
        context.close()


def shot(page, step: int, name: str):
    page.screenshot(path=str(ARTEFACTS / f"demo-today-{step:02d}-{name}.png"), full_page=True)


def test_a_resident_submits_on_the_demo_and_sanyanjing_arranges_this_months_meeting(demo_city, pages, live_server):
    base = live_server.url
    present = Round.objects.get(name=present_round_name(today()))
    sanyanjing = Community.objects.get(name="三眼井社区")

    # (a) A resident submits an opinion on the public page (phone) and gets a receipt code.
    resident = pages(PHONE)
    resident.goto(f"{base}/")
    resident.get_by_label("您所在的社区").select_option(label="三眼井社区")
    resident.get_by_label("类别").select_option(label="市政设施")
    resident.get_by_label("您的意见或建议").fill("人民路口的红绿灯时间太短，老人过马路走不完")
    shot(resident, 1, "home")
    resident.get_by_role("button", name="提交", exact=True).click()
    resident.wait_for_url(re.compile(r"/track/\?new=1$"))
    assert resident.get_by_text("提交成功").is_visible()
    code = resident.locator(".receipt-code").inner_text().strip()
    shot(resident, 2, "receipt")
    mine = Opinion.objects.get(receipt_code=code)
    assert (mine.round_id, mine.community_id, mine.status, mine.channel) == (
        present.pk, sanyanjing.pk, Opinion.Status.PENDING, Channel.ONLINE)

    # (b) 三眼井社区's staff sign in and arrange this month's chair meeting (desktop).
    this_month = today().replace(day=1)
    assert not Meeting.objects.filter(community=sanyanjing, kind=Meeting.Kind.CHAIR, month=this_month).exists()
    staff = pages(DESKTOP)
    staff.goto(f"{base}/staff/login/")
    staff.fill("#id_username", "sanyanjing")
    staff.fill("#id_password", DEMO_PASSWORD)
    staff.click("button[type=submit]")
    staff.wait_for_url(re.compile(r"/staff/$"))
    staff.get_by_role("link", name="轮值主席与例会").first.click()
    staff.locator("table").get_by_role("link", name="三眼井社区").click()
    staff.wait_for_url(re.compile(rf"/staff/supervision/communities/{sanyanjing.pk}/$"))
    assert staff.get_by_text("现任：").is_visible()
    assert staff.get_by_label("日期").input_value() == today().isoformat()
    staff.get_by_label("类型").select_option(label="轮值主席月度例会")
    staff.get_by_label("地点").fill("三眼井社区党员活动室")
    shot(staff, 3, "community")
    staff.get_by_role("button", name="安排会议").click()
    staff.wait_for_url(re.compile(r"/staff/supervision/meetings/\d+/$"))
    assert staff.get_by_text("会议已安排").is_visible()
    shot(staff, 4, "meeting")
    meeting = Meeting.objects.get(community=sanyanjing, kind=Meeting.Kind.CHAIR, month=this_month)
    assert (meeting.status, meeting.held_on, meeting.place) == (
        Meeting.Status.SCHEDULED, today(), "三眼井社区党员活动室")
    assert meeting.chair_term is not None and meeting.chair_term.starts_on <= today() <= meeting.chair_term.ends_on
