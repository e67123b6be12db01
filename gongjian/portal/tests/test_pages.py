"""The residents' pages: submit an opinion, follow it by receipt code; never a name or phone number."""

import pytest
from django.test import Client
from django.urls import reverse

from gongjian.solicitation.models import Opinion, Round
from gongjian.solicitation.services import opinion_reject, problem_classify
from gongjian.solicitation.tests.factories import make_opinion, make_problem, make_project, make_round


@pytest.fixture
def rnd(db):
    return make_round()


def submit(client, city, **extra):
    data = {"community": city.community.pk, "category": "sanitation", "content": "小区门口垃圾堆放",
            "name": "王小明", "phone": "13812345678"}
    data.update(extra)
    return client.post(reverse("portal:home"), data)


def test_home_shows_communities_grouped_by_street_and_the_form(city, rnd):
    page = Client().get(reverse("portal:home")).content.decode()
    assert '<optgroup label="城中街道">' in page and "三眼井社区" in page
    assert "环境卫生" in page
    assert "提交" in page


def test_resident_submits_an_opinion_and_gets_a_receipt_code(city, rnd):
    client = Client()
    response = submit(client, city)
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.channel == "online" and opinion.round == rnd and opinion.entered_by is None
    assert opinion.submitter_phone == "13812345678"
    page = client.get(response["Location"]).content.decode()
    assert opinion.receipt_code in page
    assert "提交成功" in page
    assert "13812345678" not in page and "王小明" not in page


def test_name_and_phone_are_optional(city, rnd):
    response = submit(Client(), city, name="", phone="")
    assert response.status_code == 302
    assert Opinion.objects.get().submitter_phone == ""


def test_empty_opinion_is_refused_with_a_message(city, rnd):
    response = submit(Client(), city, content="")
    assert response.status_code == 200
    assert "请写下您的意见或建议" in response.content.decode()
    assert Opinion.objects.count() == 0


def test_no_open_round_says_so_and_saves_nothing(city):
    make_round(status=Round.Status.SCREENING)
    client = Client()
    assert "目前没有正在征集意见的轮次" in client.get(reverse("portal:home")).content.decode()
    response = submit(client, city)
    assert response.status_code == 200
    assert Opinion.objects.count() == 0


def test_submissions_are_rate_limited_per_client_with_a_chinese_message(city, rnd):
    client = Client()
    statuses = [submit(client, city).status_code for _ in range(21)]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429
    response = submit(client, city)
    assert "操作太频繁" in response.content.decode()
    assert Opinion.objects.count() == 20


def test_track_pending_merged_classified_and_project(city, rnd):
    opinion = make_opinion(city, rnd, phone="13812345678", name="张三")
    client = Client()
    url = reverse("portal:track")
    page = client.get(url, {"code": opinion.receipt_code.lower()}).content.decode()
    assert "正在梳理筛选" in page

    problem = make_problem(city, rnd, opinions=[opinion], title="楼道灯不亮", klass="A")
    project = make_project(city, problem, approve=True)
    page = client.get(url, {"code": opinion.receipt_code}).content.decode()
    assert problem.archive_no in page and "YC-2010-001" in page
    assert "A 类" in page
    assert f"项目 {project.pk}" in page
    assert "13812345678" not in page and "张三" not in page
    assert "13900001111" not in page  # the handler's phone is not on this page either


def test_track_rejected_shows_the_reason(city, rnd):
    opinion = make_opinion(city, rnd)
    opinion_reject(actor=None, opinion=opinion, reason="属于个人家庭事务")
    page = Client().get(reverse("portal:track"), {"code": opinion.receipt_code}).content.decode()
    assert "不予采纳" in page and "属于个人家庭事务" in page


def test_track_class_c_shows_its_explanation(city, rnd):
    opinion = make_opinion(city, rnd)
    problem = make_problem(city, rnd, opinions=[opinion])
    problem_classify(actor=None, problem=problem, klass="C", note="该路段属省道，已转交公路部门")
    page = Client().get(reverse("portal:track"), {"code": opinion.receipt_code}).content.decode()
    assert "C 类" in page and "该路段属省道，已转交公路部门" in page


def test_unknown_code_says_not_found(city):
    page = Client().get(reverse("portal:track"), {"code": "NOPE"}).content.decode()
    assert "没有找到回执码" in page


def test_tracking_is_rate_limited(city, rnd):
    client = Client()
    statuses = [client.get(reverse("portal:track"), {"code": "ABC"}).status_code for _ in range(61)]
    assert statuses[-1] == 429
