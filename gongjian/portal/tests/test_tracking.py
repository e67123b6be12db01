"""Tracking (issue 17 › 6): each step with its date, the code never in a URL the site makes, and the
rating from the tracking page with the code in a hidden field."""

import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongjian.projects.models import Rating
from gongjian.projects.tests.factories import make_project


def _code_urls(html: str, code: str) -> list[str]:
    """Every href, src or action of the page that carries the code."""
    return [u for u in re.findall(r'(?:href|src|action)="([^"]*)"', html) if code.lower() in u.lower()]


def test_each_step_of_a_closed_project_shows_with_its_date(city):
    project = make_project(city, status="closed")
    opinion = project.problem.opinions.get()
    page = Client().post(reverse("portal:track"), {"code": opinion.receipt_code}).content.decode()
    today = timezone.localdate()
    day = f"{today.year}年{today.month}月{today.day}日"
    for step in ("已收到您的意见", "已归并为问题", "分类：A 类", "已立项并公示", "开始实施", "报告完成", "已销号"):
        assert step in page, step
    # received, merged, classified and the four project steps: seven steps, each with its date
    assert page.count('<li class="done"><time ') == 7 and f">{day}</time>" in page


def test_staff_only_events_stay_off_the_tracking_page(city):
    from gongjian.projects.events import event_record

    project = make_project(city, status="in_progress")
    event_record(project=project, action="supervision_urge", note="内部催办：责任人李四", public=False)
    opinion = project.problem.opinions.get()
    page = Client().post(reverse("portal:track"), {"code": opinion.receipt_code}).content.decode()
    assert "开始实施" in page and "催办" not in page and "李四" not in page


def test_the_tracking_form_posts_the_code_and_get_still_answers_printed_receipts(city):
    project = make_project(city, status="approved")
    code = project.problem.opinions.get().receipt_code
    page = Client().get(reverse("portal:track"), {"code": code}).content.decode()
    assert '<form method="post" class="track-form card">' in page and "已立项并公示" in page
    response = Client().post(reverse("portal:track"), {"code": code})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"


def test_after_submitting_the_code_is_shown_but_never_in_a_url(city):
    from gongjian.solicitation.models import Opinion
    from gongjian.solicitation.tests.factories import make_round

    make_round()
    client = Client()
    response = client.post(reverse("portal:home"), {"community": city.community.pk, "category": "sanitation",
                                                    "content": "小区门口垃圾堆放"})
    code = Opinion.objects.get().receipt_code
    assert response.status_code == 302 and code not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "提交成功" in page and code in page and not _code_urls(page, code)
    # shown once: the session forgets it
    assert code not in client.get(response["Location"]).content.decode()


def test_a_done_project_is_rated_from_the_tracking_page_with_the_code_in_a_hidden_field(city):
    project = make_project(city, status="completed")
    code = project.problem.opinions.get().receipt_code
    client = Client()
    page = client.post(reverse("portal:track"), {"code": code}).content.decode()
    assert f'<input type="hidden" name="receipt_code" value="{code}">' in page
    assert not _code_urls(page, code)
    rate_url = reverse("board:rate", args=[project.pk])
    assert f'action="{rate_url}"' in page
    response = client.post(rate_url, {"receipt_code": code, "rating": "basic", "comment": "灯亮了，电话13912345678"})
    assert response.status_code == 200
    rating = Rating.objects.get(project=project)
    assert rating.value == "basic" and rating.comment == "灯亮了，电话13912345678"
    page = client.post(reverse("portal:track"), {"code": code}).content.decode()
    assert "您已评价本项目" in page and "基本满意" in page and 'name="receipt_code"' not in page


def test_no_rating_form_before_the_project_is_done(city):
    project = make_project(city, status="in_progress")
    code = project.problem.opinions.get().receipt_code
    page = Client().post(reverse("portal:track"), {"code": code}).content.decode()
    assert 'name="receipt_code"' not in page
