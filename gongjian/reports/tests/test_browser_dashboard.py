"""The city dashboard in a real browser: the charts render (SVG with data) on desktop and phone, and
say 暂无数据 when there is nothing to draw."""

from pathlib import Path

import pytest
from django.conf import settings

from gongjian.solicitation.services import round_create
from gongjian.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTEFACTS = Path(settings.VAR_DIR) / "test-artifacts"


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 360, "height": 740}],
                         ids=["desktop", "phone"])
def test_city_dashboard_renders_its_charts(browser, live_server, city, round_with_work, site_static, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", "city")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/staff/dashboard/?round={round_with_work.pk}")
    page.wait_for_selector("[data-chart][data-rendered='1']", timeout=15000)
    rendered = page.eval_on_selector_all("[data-chart][data-rendered='1']", "boxes => boxes.length")
    assert rendered == 6
    # A pie of the categories draws one path per slice; the bars draw rectangles as paths too.
    paths = page.eval_on_selector("[data-source='by-category'] svg", "svg => svg.querySelectorAll('path').length")
    assert paths > 0
    assert page.inner_text("[data-figure='opinions']") == "6"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"dashboard-{viewport['width']}.png"), full_page=True)
    # A round with nothing yet: every chart says 暂无数据 and nothing is drawn.
    empty = round_create(actor=None, name="2011年第一轮", year=2011)
    page.goto(f"{live_server.url}/staff/dashboard/?round={empty.pk}")
    assert page.locator(".chart-empty").count() == 6
    assert page.locator(".charts svg").count() == 0
    assert page.inner_text(".chart-empty >> nth=5") == "暂无数据"
    context.close()
