"""Opinions imported in bulk get their duplicate suggestions too."""

import io

import pytest

from gongjian.dedupe.models import SimilarityBand
from gongjian.solicitation.services import opinion_import, round_create


@pytest.mark.django_db(transaction=True)
def test_imported_opinions_are_indexed_for_similar_suggestions():
    from gongjian.testing import build_small_city

    city = build_small_city()
    rnd = round_create(actor=city.city_user, name="2010年第一轮", year=2010)
    csv = "社区,渠道,类别,内容,姓名,电话,日期\n" + "".join(
        f"三眼井社区,征求意见表,环境卫生,{text},,,2010-03-0{k + 1}\n"
        for k, text in enumerate(["3栋楼道灯坏了", "三栋的楼道灯一直不亮", "人民路下水道堵塞"]))
    saved = opinion_import(actor=city.city_user, round=rnd, communities=[city.community],
                           fileobj=io.BytesIO(csv.encode("utf-8")), kind="csv")
    assert saved == 3
    assert SimilarityBand.objects.values("opinion_id").distinct().count() == 3
