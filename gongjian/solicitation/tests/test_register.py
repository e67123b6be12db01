"""The problem register (问题台账) as a desk list: the current round by default, search, pages, and
its Excel export."""

from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gongjian.projects.services import project_transition
from gongjian.solicitation.models import Round

from .factories import make_opinion, make_problem, make_project, make_round

EXPORT = "solicitation:problem_ledger_export"


def login(user):
    client = Client()
    client.force_login(user)
    return client


def sheet_rows(response):
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def rounds(db):
    old = make_round(name="2009年第一轮", year=2009)
    return old, make_round(name="2010年第一轮", year=2010)


def test_register_opens_on_the_current_round_and_links_to_every_round(city, rounds):
    old, current = rounds
    make_problem(city, old, title="旧轮次的问题")
    make_problem(city, current, title="本轮的问题")
    Round.objects.filter(pk=old.pk).update(status=Round.Status.CLOSED)
    client = login(city.street_user)
    page = client.get(reverse("solicitation:problem_list")).content.decode()
    assert "本轮的问题" in page and "旧轮次的问题" not in page
    assert "默认显示当前轮次“2010年第一轮”的问题" in page and 'href="?all=1"' in page
    everything = client.get(reverse("solicitation:problem_list"), {"all": "1"}).content.decode()
    assert "本轮的问题" in everything and "旧轮次的问题" in everything and "默认显示" not in everything
    chosen = client.get(reverse("solicitation:problem_list"), {"round": old.pk}).content.decode()
    assert "旧轮次的问题" in chosen and "本轮的问题" not in chosen


def test_register_searches_title_archive_number_and_community(city, rounds):
    _, rnd = rounds
    lamp = make_problem(city, rnd, title="楼道灯不亮")
    make_problem(city, rnd, title="垃圾分类点太远", community=city.sibling)
    client = login(city.street_user)

    def titles(q):
        page = client.get(reverse("solicitation:problem_list"), {"q": q}).content.decode()
        return {t for t in ("楼道灯不亮", "垃圾分类点太远") if t in page}

    assert titles("楼道灯") == {"楼道灯不亮"}
    assert titles(lamp.archive_no) == {"楼道灯不亮"}
    assert titles(city.sibling.name) == {"垃圾分类点太远"}


def test_register_is_paged(city, rounds):
    _, rnd = rounds
    for i in range(32):
        make_problem(city, rnd, title=f"问题{i:02d}号")
    client = login(city.street_user)
    first = client.get(reverse("solicitation:problem_list")).content.decode()
    second = client.get(reverse("solicitation:problem_list"), {"page": "2"}).content.decode()
    assert "问题00号" in first and "问题31号" not in first
    assert "问题31号" in second and "问题00号" not in second


def test_register_export_has_the_users_problems_with_counts_and_no_formulas(city, rounds):
    _, rnd = rounds
    opinions = [make_opinion(city, rnd, content="楼道灯坏了"), make_opinion(city, rnd, content="灯不亮")]
    mine = make_problem(city, rnd, opinions=opinions, title='=HYPERLINK("http://x")', klass="A")
    make_project(city, mine, approve=True)
    withdrawn = make_project(city, mine)
    project_transition(actor=city.community_user, project=withdrawn, action="withdraw", note="重复立项")
    make_problem(city, rnd, community=city.far, title="城北的问题")
    rows = sheet_rows(login(city.street_user).get(reverse(EXPORT)))
    assert rows[0] == ("轮次", "街道", "社区", "档案号", "问题", "分类", "分类说明", "归并意见数", "已立项目数",
                       "登记日期")
    assert len(rows) == 2  # the other street's problem is not in the file
    row = rows[1]
    assert row[:5] == ("2010年第一轮", city.street.name, city.community.name, mine.archive_no,
                       "'" + mine.title)  # shown as text, never run as a formula
    assert row[5] == "A 有条件能够解决"
    assert row[7:9] == (2, 1)  # two opinions merged; the withdrawn project does not count


def test_register_export_follows_the_pages_filters(city, rounds):
    old, rnd = rounds
    make_problem(city, old, title="旧轮次的问题")
    make_problem(city, rnd, title="楼道灯不亮")
    make_problem(city, rnd, title="垃圾分类点太远")
    client = login(city.street_user)
    assert [r[4] for r in sheet_rows(client.get(reverse(EXPORT)))[1:]] == ["楼道灯不亮", "垃圾分类点太远"]
    assert [r[4] for r in sheet_rows(client.get(reverse(EXPORT), {"q": "灯"}))[1:]] == ["楼道灯不亮"]
    assert len(sheet_rows(client.get(reverse(EXPORT), {"all": "1"}))) == 4


def test_register_export_query_count_does_not_grow_with_rows(city, rounds):
    _, rnd = rounds
    client = login(city.street_user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            sheet_rows(client.get(reverse(EXPORT)))
        return len(captured)

    problem = make_problem(city, rnd, opinions=[make_opinion(city, rnd)], klass="A")
    make_project(city, problem)
    few = queries()
    for i in range(6):
        p = make_problem(city, rnd, title=f"问题{i}", opinions=[make_opinion(city, rnd, content=f"意见{i}")], klass="A")
        make_project(city, p)
    assert queries() == few


def test_unit_cannot_export_the_register(city, rounds):
    assert login(city.unit_user).get(reverse(EXPORT)).status_code == 403


def test_register_page_query_count_does_not_grow_with_rows(city, rounds):
    _, rnd = rounds
    client = login(city.community_user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("solicitation:problem_list")).status_code == 200
        return len(captured)

    make_problem(city, rnd, opinions=[make_opinion(city, rnd)], klass="A")
    few = queries()
    for i in range(6):
        problem = make_problem(city, rnd, title=f"问题{i}", opinions=[make_opinion(city, rnd, content=f"意见{i}")],
                               klass="A" if i % 2 else "")
        if i % 2:
            make_project(city, problem)
    assert queries() == few
