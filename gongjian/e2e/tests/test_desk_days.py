"""A working day at the desk, in a real browser (Debian's Chromium through Playwright):

- a street's day on a desktop: 待办 → 待审批的项目 → batch approve two drafts → 待销号的项目 →
  the close-out page shows the unit's photo as a thumbnail → 销号 (the community is told);
- a unit's day on a phone: 待办 → 我的项目 → 签收并开始实施 → progress 50% → 报告完成 with a photo.

Every page visited is photographed to var/test-artifacts/desk-<day>-NN-<step>-<width>.png at the size
it is worked at, and the main pages also at the other size (360 and 1280 px); axe-core must find no
serious or critical violation, and no page may scroll sideways at 360 px.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from gongjian.e2e.axe import BLOCKING, axe_violations, describe
from gongjian.notifications.models import Notification
from gongjian.projects import services
from gongjian.projects.models import ProgressAttachment, ProgressReport, Project
from gongjian.projects.tests.factories import make_problem, make_project
from gongjian.testing import PASSWORD, image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTEFACTS = Path(settings.VAR_DIR) / "test-artifacts"
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


class Day:
    """One user's signed-in browser pages (the working size and the other one) and the checks of each page."""

    def __init__(self, browser, base, name, user, device, other):
        self.base, self.name, self.step, self.problems = base, name, 0, []
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTEFACTS.glob(f"desk-{name}-*.png"):
            old.unlink()
        self.contexts = [browser.new_context(locale="zh-CN", **d) for d in (device, other)]
        self.page, self.other = (self._sign_in(c.new_page(), user) for c in self.contexts)

    def _sign_in(self, page, user):
        page.goto(f"{self.base}/staff/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/staff/login/" not in url)
        return page

    def check(self, label, page=None):
        """Screenshot, no sideways scrolling on a phone, and no serious/critical axe violation."""
        page = page or self.page
        page.wait_for_load_state()
        self.step += 1
        width = page.viewport_size["width"]
        page.screenshot(path=str(ARTEFACTS / f"desk-{self.name}-{self.step:02d}-{label}-{width}.png"),
                        full_page=True)
        if width < 600:
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                f"{page.url}: the page scrolls sideways at {width}px")
        blocking = [v for v in axe_violations(page) if v.get("impact") in BLOCKING]
        if blocking:
            self.problems.append(f"[{label} @ {width}px] {page.url}\n{describe(blocking)}")

    def mirror(self, label):
        """The page the user is on, looked at on the other screen size (screenshot and checks only)."""
        self.other.goto(self.page.url)
        self.check(label, self.other)

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def day(browser, live_server, site_static):
    days = []

    def start(name, user, device, other):
        days.append(Day(browser, live_server.url, name, user, device, other))
        return days[-1]

    yield start
    for d in days:
        d.close()


def test_a_streets_day_batch_approve_then_close_out_with_photos(day, city):
    drafts = [make_project(city, title="三眼井社区楼道灯更换"),
              make_project(city, make_problem(city, community=city.sibling, title="蒲阳社区路面破损"),
                           title="蒲阳社区路面修补")]
    done = make_project(city, make_problem(city, title="三眼井社区垃圾亭破旧"), status="in_progress",
                        title="三眼井社区垃圾亭翻新")
    services.project_report_done(actor=city.unit_user, project=done, note="垃圾亭已翻新并刷漆",
                                 evidence=[SimpleUploadedFile("完工.jpg", image_bytes("jpg"),
                                                              content_type="image/jpeg")])
    photo = ProgressAttachment.objects.get(project=done)

    street = day("street", city.street_user, DESKTOP, PHONE)
    page = street.page
    page.goto(f"{street.base}/staff/todo/")
    street.check("todo")
    street.mirror("todo")

    # To-do → the drafts on the board, each with a checkbox → batch approve, with a confirmation.
    page.get_by_role("link", name=re.compile("待审批的项目")).click()
    page.wait_for_url(re.compile(r"/staff/projects/\?.*status=draft"))
    street.check("board-drafts")
    street.mirror("board-drafts")
    for project in drafts:
        page.get_by_label(f"勾选：{project.title}").check()
    page.get_by_role("button", name="批量审批通过").click()
    page.wait_for_url(re.compile(r"/staff/projects/bulk/approve/"))
    street.check("bulk-approve-confirm")
    page.get_by_role("button", name="确认审批通过并公示 2 个项目").click()
    page.wait_for_url(re.compile(r"/staff/projects/(\?|$)"))
    assert page.get_by_text("已审批通过并公示 2 个项目").is_visible()
    assert set(Project.objects.filter(pk__in=[p.pk for p in drafts]).values_list("status", flat=True)) == {
        Project.Status.APPROVED}

    # To-do → 销号审核: the unit's photo is a loaded thumbnail → 销号 → confirmation → closed.
    page.goto(f"{street.base}/staff/todo/")
    assert not page.get_by_role("link", name=re.compile("待审批的项目")).count()
    page.get_by_role("link", name=re.compile("待销号的项目")).click()
    page.wait_for_url(re.compile(r"/staff/projects/closeout/"))
    section = page.locator(f"#p{done.pk}")
    assert section.get_by_text("垃圾亭已翻新并刷漆").is_visible()
    thumb = section.locator(f"img[src='/board/files/{photo.pk}/thumb/']")
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    street.check("closeout")
    street.mirror("closeout")
    section.get_by_role("link", name="销号", exact=True).click()
    page.wait_for_url(re.compile(rf"/staff/projects/{done.pk}/close/"))
    street.check("close-confirm")
    street.mirror("close-confirm")
    page.get_by_role("button", name="确认销号").click()
    page.wait_for_url(re.compile(r"/staff/projects/closeout/"))
    assert page.get_by_text("已销号").first.is_visible()
    done.refresh_from_db()
    assert done.status == Project.Status.CLOSED
    told = Notification.objects.filter(recipient=city.community_user, kind=Notification.Kind.PROJECT_STEP,
                                       object_id=done.pk, title__contains="已销号")
    assert told.count() == 1
    assert not Notification.objects.filter(recipient=city.street_user, object_id=done.pk,
                                           title__contains="已销号").exists()  # never told of one's own step
    assert not street.problems, "\n\n".join(street.problems)


def test_a_units_day_on_a_phone_sign_progress_report_done_with_a_photo(day, city, tmp_path):
    project = make_project(city, status="approved", title="三眼井社区健身器材更新")
    photo = tmp_path / "完工照片.jpg"
    photo.write_bytes(image_bytes("jpg", size=(64, 48)))

    unit = day("unit", city.unit_user, PHONE, DESKTOP)
    page = unit.page
    page.goto(f"{unit.base}/staff/todo/")
    unit.check("todo")
    unit.mirror("todo")
    page.get_by_role("link", name=re.compile("待签收的项目")).click()
    page.wait_for_url(re.compile(r"/staff/projects/mine/"))
    unit.check("mine")
    unit.mirror("mine")

    # 签收并开始实施, through its confirmation page.
    page.locator(f"#p{project.pk}").get_by_role("link", name=project.title).click()
    page.wait_for_url(re.compile(rf"/staff/projects/{project.pk}/$"))
    unit.check("project-approved")
    page.get_by_role("link", name="签收并开始实施").click()
    page.wait_for_url(re.compile(rf"/staff/projects/{project.pk}/start/"))
    unit.check("start-confirm")
    page.get_by_role("button", name="确认签收并开始实施").click()
    page.wait_for_url(re.compile(rf"/staff/projects/{project.pk}/$"))
    project.refresh_from_db()
    assert project.status == Project.Status.IN_PROGRESS

    # Progress 50% on the project page.
    page.get_by_label("目前进度（%）").fill("50")
    page.get_by_label("进展情况").fill("旧器材已拆除，新器材已到货")
    page.get_by_role("button", name="提交进度").click()
    assert page.get_by_text("已填报进度 50%").is_visible()
    unit.check("project-progress")
    unit.mirror("project-progress")
    report = ProgressReport.objects.get(project=project)
    assert (report.percent, report.unit_id) == (50, city.unit.pk)

    # 报告完成 with a note and a photo.
    page.get_by_role("link", name="报告完成").click()
    page.wait_for_url(re.compile(rf"/staff/projects/{project.pk}/report_done/"))
    page.get_by_label(re.compile("完成情况")).fill("6 件健身器材全部安装完毕，已验收")
    page.get_by_label(re.compile("佐证材料")).set_input_files(str(photo))
    unit.check("report-done-confirm")
    page.get_by_role("button", name="确认报告完成").click()
    page.wait_for_url(re.compile(rf"/staff/projects/{project.pk}/$"))
    assert page.get_by_text("已报告完成").first.is_visible()
    project.refresh_from_db()
    assert (project.status, project.completion_note) == (Project.Status.COMPLETED, "6 件健身器材全部安装完毕，已验收")
    evidence = ProgressAttachment.objects.get(project=project)
    assert evidence.name == "完工照片.jpg"
    thumb = page.locator(f"img[src='/board/files/{evidence.pk}/thumb/']")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    unit.check("project-completed")
    unit.mirror("project-completed")
    assert not unit.problems, "\n\n".join(unit.problems)
