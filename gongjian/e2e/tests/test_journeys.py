"""The main journey end to end in a real browser (Debian's Chromium through Playwright), on a phone-size
and a desktop screen, with an accessibility check (axe-core) of every page visited:

a resident submits an opinion and tracks it (phone) → community staff merge it with another opinion into
a problem and classify it A (desktop) → the community sets up a project, the street approves it
(desktop) → the unit signs for it, reports progress and completion (phone) → the street closes it on the
close-out page (desktop) → the resident rates it on the public board with the receipt code (phone).

Residents act on the phone and staff on the desktop, units on the phone; each page is also looked at on
the other screen size (screenshot and axe, no action). Every page visited is checked by axe (no serious or critical violation) and photographed to
var/test-artifacts/journey-NN-<step>-<viewport>.png; axe's findings of every impact (moderate and minor
only reported, not failed) go to var/test-artifacts/journey-axe.txt.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings

from gongjian.e2e.axe import BLOCKING, axe_violations, describe
from gongjian.projects.models import ProgressReport, Project, Rating
from gongjian.solicitation import services as solicitation
from gongjian.solicitation.models import Channel, Opinion, Problem
from gongjian.testing import PASSWORD, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTEFACTS = Path(settings.VAR_DIR) / "test-artifacts"
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


class Journey:
    """The browser contexts of the journey, and what every visited page must pass."""

    def __init__(self, browser, base_url):
        self.browser, self.base, self.contexts, self.step = browser, base_url, [], 0
        self.violations: list[str] = []
        self.mirrors: dict = {}
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        for old in [*ARTEFACTS.glob("journey-*.png"), ARTEFACTS / "journey-axe.txt"]:
            old.unlink(missing_ok=True)

    def page(self, device: dict, user=None):
        context = self.browser.new_context(locale="zh-CN", **device)
        self.contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # the workbench asks before merging
        if user is not None:
            page.goto(f"{self.base}/staff/login/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r"/staff/$"))
        return page

    def mirror(self, path: str, name: str, device: dict, user=None):
        """The same page on the other screen size, looked at (screenshot, axe) but not acted on."""
        key = (getattr(user, "pk", None), device["viewport"]["width"])
        if key not in self.mirrors:
            self.mirrors[key] = self.page(device, user)
        page = self.mirrors[key]
        page.goto(f"{self.base}{path}")
        self.check(page, name)
        return page

    def check(self, page, name: str, *, disable: tuple[str, ...] = ()):
        """Screenshot, no sideways scrolling on a phone, and axe's serious/critical violations."""
        self.step += 1
        width = page.viewport_size["width"]
        page.screenshot(path=str(ARTEFACTS / f"journey-{self.step:02d}-{name}-{width}.png"), full_page=True)
        if width < 600:
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                f"{page.url}: the page scrolls sideways on a phone"
            )
        found = axe_violations(page, disable=disable)
        if found:  # every impact goes to the report file; only serious and critical fail the test
            with (ARTEFACTS / "journey-axe.txt").open("a", encoding="utf-8") as report:
                report.write(f"[{name} @ {width}px] {page.url}\n{describe(found)}\n\n")
        blocking = [v for v in found if v.get("impact") in BLOCKING]
        if blocking:
            self.violations.append(f"[{name} @ {width}px] {page.url}\n{describe(blocking)}")

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def journey(browser, live_server, site_static):
    j = Journey(browser, live_server.url)
    yield j
    j.close()


def test_opinion_to_rated_project(journey, live_server, city):
    base = live_server.url
    rnd = solicitation.round_create(actor=None, name=f"{today().year}年第一轮", year=today().year)

    # 1. A resident submits an opinion on the home page (phone) and gets a receipt code.
    resident = journey.page(PHONE)
    resident.goto(f"{base}/")
    journey.check(resident, "home")
    journey.mirror("/", "home", DESKTOP)
    resident.get_by_label("您所在的社区").select_option(label=city.community.name)
    resident.get_by_label("类别").select_option(label=city.category.name)
    resident.get_by_label("您的意见或建议").fill("3栋楼道灯坏了一个多月，晚上上下楼很不安全")
    resident.get_by_role("button", name="提交", exact=True).click()
    resident.wait_for_url(re.compile(r"/track/\?new=1$"))
    code = resident.locator(".receipt-code").inner_text().strip()
    assert resident.get_by_text("提交成功").is_visible()
    mine = Opinion.objects.get(receipt_code=code)
    assert (mine.status, mine.community_id, mine.round_id, mine.channel) == (
        Opinion.Status.PENDING,
        city.community.pk,
        rnd.pk,
        Channel.ONLINE,
    )
    journey.check(resident, "receipt")

    # ... and tracks it on the track page.
    resident.goto(f"{base}/track/")
    resident.get_by_label("回执码").fill(code.lower())
    resident.get_by_role("button", name="查询").click()
    assert resident.get_by_text("社区正在梳理筛选").is_visible()
    journey.check(resident, "track-pending")
    assert (
        journey.mirror(f"/track/?code={code}", "track-pending", DESKTOP)
        .get_by_text("社区正在梳理筛选")
        .is_visible()
    )

    # 2. Community staff merge it with a neighbour's opinion into a problem and classify it A (desktop).
    other = solicitation.opinion_create(
        actor=None,
        round=rnd,
        community=city.community,
        channel=Channel.FORM,
        category=city.category,
        content="3栋楼道的灯晚上不亮",
    )
    community = journey.page(DESKTOP, city.community_user)
    journey.mirror("/staff/solicitation/workbench/", "workbench", PHONE, city.community_user)
    community.goto(f"{base}/staff/solicitation/workbench/")
    journey.check(community, "workbench")
    for opinion in (mine, other):
        community.locator(f"#opinion-{opinion.pk}").get_by_label("选中").check()
    community.get_by_label("问题标题").fill("3栋楼道灯不亮")
    community.get_by_role("button", name="把勾选的意见归并为一个问题").click()
    assert community.get_by_text("已将 2 条意见归并为问题").is_visible()
    problem = Problem.objects.get(title="3栋楼道灯不亮")
    assert set(problem.opinions.values_list("pk", flat=True)) == {mine.pk, other.pk}
    assert set(Opinion.objects.filter(pk__in=[mine.pk, other.pk]).values_list("status", flat=True)) == {
        "merged"
    }

    journey.mirror("/staff/solicitation/problems/", "problems", PHONE, city.community_user)
    community.goto(f"{base}/staff/solicitation/problems/")
    journey.check(community, "problems")
    row = community.locator(f"#problem-{problem.pk}")
    row.get_by_label("A", exact=True).check()
    row.get_by_role("button", name="保存分类").click()
    assert community.get_by_text(f"{problem.archive_no} 已分为 A 类").is_visible()
    problem.refresh_from_db()
    assert problem.klass == Problem.Class.A

    # 3. The community sets up a project from the problem, lead unit 应城市住建局 (desktop) ...
    journey.mirror(f"/staff/projects/new/?problem={problem.pk}", "create-form", PHONE, city.community_user)
    community.goto(f"{base}/staff/projects/new/")
    journey.check(community, "create-pick")
    community.get_by_role("row", name=re.compile(problem.archive_no)).get_by_role(
        "link", name="为它立项"
    ).click()
    assert community.get_by_label("项目名称").input_value() == problem.title
    community.get_by_label("项目名称").fill("三眼井社区3栋楼道灯更换")
    community.get_by_label("牵头单位").select_option(label=f"{city.unit.name}（{city.community.name}）")
    community.get_by_label("承办人", exact=True).fill("王建国")
    community.get_by_label("完成时限").fill((today() + timedelta(days=30)).isoformat())
    journey.check(community, "create-form")
    community.get_by_role("button", name="保存（提交审批）").click()
    community.wait_for_url(re.compile(r"/staff/projects/\d+/$"))
    project = Project.objects.get(problem=problem)
    assert (project.status, project.lead_unit_id, project.title) == (
        Project.Status.DRAFT,
        city.unit.pk,
        "三眼井社区3栋楼道灯更换",
    )
    journey.check(community, "project-draft")

    # ... and the street approves it (desktop).
    street = journey.page(DESKTOP, city.street_user)
    journey.mirror(f"/staff/projects/{project.pk}/approve/", "approve", PHONE, city.street_user)
    street.goto(f"{base}/staff/projects/{project.pk}/")
    street.get_by_role("link", name="审批通过并公示").click()
    journey.check(street, "approve")
    street.get_by_role("button", name="确认审批通过并公示").click()
    assert street.get_by_text("已审批通过并公示").is_visible()
    project.refresh_from_db()
    assert project.status == Project.Status.APPROVED

    # 4. The unit signs for it, reports progress and reports completion (phone).
    unit = journey.page(PHONE, city.unit_user)
    journey.mirror("/staff/projects/mine/", "mine-approved", DESKTOP, city.unit_user)
    unit.goto(f"{base}/staff/projects/mine/")
    journey.check(unit, "mine-approved")
    card = unit.locator(f"#p{project.pk}")
    card.get_by_role("button", name="签收").click()
    assert unit.get_by_text("已签收").first.is_visible()
    project.refresh_from_db()
    assert project.status == Project.Status.IN_PROGRESS

    card = unit.locator(f"#p{project.pk}")
    card.get_by_label("目前进度（%）").fill("60")
    card.get_by_label("进展情况").fill("新灯已装好 4 盏")
    card.get_by_role("button", name="提交进度").click()
    assert unit.get_by_text("已填报进度 60%").is_visible()
    journey.check(unit, "mine-progress")
    report = ProgressReport.objects.get(project=project)
    assert (report.percent, report.unit_id) == (60, city.unit.pk)

    unit.locator(f"#p{project.pk}").get_by_role("link", name="报告完成").click()
    unit.get_by_label("完成情况").fill("6 盏楼道灯全部更换，已试亮")
    journey.check(unit, "report-done")
    unit.get_by_role("button", name="确认报告完成").click()
    assert unit.get_by_text("已报告完成").is_visible()
    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED

    # 5. The street closes it on the close-out page (desktop).
    journey.mirror("/staff/projects/closeout/", "closeout", PHONE, city.street_user)
    journey.mirror(f"/staff/projects/{project.pk}/close/", "close", PHONE, city.street_user)
    street.goto(f"{base}/staff/projects/closeout/")
    section = street.locator(f"#p{project.pk}")
    assert section.get_by_text("6 盏楼道灯全部更换，已试亮").is_visible()
    journey.check(street, "closeout")
    section.get_by_role("link", name="销号").click()
    journey.check(street, "close")
    street.get_by_role("button", name="确认销号").click()
    street.wait_for_url(re.compile(r"/staff/projects/closeout/"))
    assert street.get_by_text("已销号").first.is_visible()
    project.refresh_from_db()
    assert project.status == Project.Status.CLOSED

    # 6. The resident follows the code to the project and rates it on the public board (phone).
    resident.goto(f"{base}/track/?code={code}")
    assert resident.get_by_text("分类：A 类").is_visible()
    journey.check(resident, "track-closed")
    resident.get_by_role("link", name=project.title).click()
    resident.wait_for_url(re.compile(rf"/board/p/{project.pk}/$"))
    journey.check(resident, "board-project")
    journey.mirror(f"/board/p/{project.pk}/", "board-project", DESKTOP)
    journey.mirror(f"/board/p/{project.pk}/rate/", "rate", DESKTOP)
    resident.get_by_role("link", name="我要评价").click()
    resident.get_by_label("回执码").fill(code)
    resident.get_by_label("满意", exact=True).check()
    journey.check(resident, "rate")
    resident.get_by_role("button", name="提交评价").click()
    assert resident.get_by_role("heading", name="感谢您的评价").is_visible()
    journey.check(resident, "rated")
    rating = Rating.objects.get(project=project)
    assert (rating.value, rating.opinion_id) == ("satisfied", mine.pk)

    assert not journey.violations, "axe: serious/critical violations\n" + "\n\n".join(journey.violations)
