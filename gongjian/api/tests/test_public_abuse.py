"""Abuse of the public side (issue 11 › 4): submission, receipt-code lookup and ratings are rate
limited per address (429, in Chinese); receipt codes are too long to guess; one rating per code."""

import re

from django.test import Client

from gongjian.projects.tests.factories import make_opinion, make_project, make_round
from gongjian.solicitation import api as solicitation_api
from gongjian.solicitation.services import RECEIPT_ALPHABET, receipt_code_new, receipt_codes_new

AMBIGUOUS = set("01OILoil")


def _rate(text: str) -> int:
    return int(text.split("/")[0])


def _chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def _opinion_body(city, n=0):
    return {"community": city.community.pk, "category": "sanitation", "content": f"楼道灯不亮 {n}"}


def test_public_submission_is_rate_limited(city, api):
    from gongjian.solicitation.models import Opinion

    make_round()
    client = api()
    limit = _rate(solicitation_api.PUBLIC_SUBMIT_RATE)
    for n in range(limit):
        assert client.post("public/opinions", _opinion_body(city, n)).status_code == 201
    refused = client.post("public/opinions", _opinion_body(city, "over"))
    assert refused.status_code == 429
    assert _chinese(refused.json()["detail"])
    assert Opinion.objects.count() == limit


def test_receipt_code_lookup_is_rate_limited(city, api):
    rnd = make_round()
    opinion = make_opinion(city, rnd)
    client = api()
    limit = _rate(solicitation_api.PUBLIC_TRACK_RATE)
    for n in range(limit):
        code = opinion.receipt_code if n % 2 else receipt_code_new()  # guesses and real lookups count alike
        assert client.get(f"public/opinions/{code}").status_code in (200, 404)
    refused = client.get(f"public/opinions/{opinion.receipt_code}")
    assert refused.status_code == 429 and _chinese(refused.json()["detail"])


def test_the_track_page_is_rate_limited(city):
    rnd = make_round()
    opinion = make_opinion(city, rnd)
    client = Client()
    limit = _rate(solicitation_api.PUBLIC_TRACK_RATE)
    for _ in range(limit):
        assert client.get("/track/", {"code": receipt_code_new()}).status_code == 200
    refused = client.get("/track/", {"code": opinion.receipt_code})
    assert refused.status_code == 429 and _chinese(refused.content.decode())


def test_the_submission_page_is_rate_limited(city):
    make_round()
    client = Client()
    form = {"community": city.community.pk, "category": city.category.pk, "content": "路灯坏了"}
    statuses = [client.post("/", form).status_code for _ in range(_rate(solicitation_api.PUBLIC_SUBMIT_RATE) + 1)]
    assert statuses[-1] == 429 and 429 not in statuses[:-1]


def _completed_project_and_codes(city, n):
    rnd = make_round()
    project = make_project(city, status="completed")
    codes = [make_opinion(city, rnd, content=f"意见{i}").receipt_code for i in range(n)]
    return project, codes


def test_ratings_are_rate_limited(city, api):
    from gongjian.projects.models import Rating

    project, codes = _completed_project_and_codes(city, 12)
    client = api()
    statuses = [client.post(f"public/projects/{project.pk}/rating", {"rating": "satisfied", "receipt_code": c})
                .status_code for c in codes]
    assert 429 in statuses, statuses
    first_refusal = statuses.index(429)
    assert set(statuses[:first_refusal]) == {201} or set(statuses[:first_refusal]) == {200}
    assert all(s == 429 for s in statuses[first_refusal:])
    refused = client.post(f"public/projects/{project.pk}/rating", {"rating": "basic", "receipt_code": codes[-1]})
    assert _chinese(refused.json()["detail"])
    assert Rating.objects.count() == first_refusal


def test_one_rating_per_receipt_code(city, api):
    from gongjian.projects.models import Rating

    project, (code,) = _completed_project_and_codes(city, 1)
    first = api().post(f"public/projects/{project.pk}/rating", {"rating": "satisfied", "receipt_code": code})
    assert first.status_code in (200, 201)
    again = api().post(f"public/projects/{project.pk}/rating", {"rating": "unsatisfied", "receipt_code": code})
    assert again.status_code == 409 and _chinese(again.json()["detail"])
    assert list(Rating.objects.values_list("value", flat=True)) == ["satisfied"]


def test_an_unknown_receipt_code_cannot_rate(city, api):
    project, _codes = _completed_project_and_codes(city, 1)
    answer = api().post(f"public/projects/{project.pk}/rating",
                        {"rating": "satisfied", "receipt_code": receipt_code_new()})
    assert answer.status_code == 404


def test_receipt_codes_are_long_and_unambiguous(city):
    assert not AMBIGUOUS & set(RECEIPT_ALPHABET)
    assert len(set(RECEIPT_ALPHABET)) >= 30
    codes = [receipt_code_new() for _ in range(500)] + receipt_codes_new(500)
    assert all(len(c) >= 12 and set(c) <= set(RECEIPT_ALPHABET) for c in codes)
    assert len(set(codes)) == len(codes)
    # 31^12 ≈ 8·10^17 codes: at the lookup limit (60 a minute) a year of guessing against a million
    # issued codes hits one with a probability of about 4·10^-5; the bound fails if the code is shortened.
    assert len(RECEIPT_ALPHABET) ** 12 > 10 ** 17


def test_codes_of_staff_entered_and_public_opinions_look_alike(city, api):
    rnd = make_round()
    staff = make_opinion(city, rnd)
    public = api().post("public/opinions", _opinion_body(city)).json()["receipt_code"]
    for code in (staff.receipt_code, public):
        assert len(code) >= 12 and set(code) <= set(RECEIPT_ALPHABET)
