import pytest

from gongjian.dedupe.clustering import cluster_round
from gongjian.dedupe.models import SimilarityBand
from gongjian.dedupe.services import index_opinions, index_round
from gongjian.dedupe.similarity import similar_opinions
from gongjian.solicitation.models import Opinion
from gongjian.solicitation.services import opinion_create, round_create


@pytest.fixture
def round_(city):
    return round_create(actor=None, name="2010年第一轮", year=2010)


def add(city, round_, community, content):
    return opinion_create(actor=city.community_user, round=round_, community=community, channel="form",
                          category=city.category, content=content)


@pytest.fixture
def opinions(city, round_):
    return {
        "lamp": add(city, round_, city.community, "3栋楼道灯坏了"),
        "lamp_again": add(city, round_, city.community, "三栋的楼道灯一直不亮，晚上上下楼很不方便"),
        "lamp_other_building": add(city, round_, city.community, "5栋楼道灯坏了"),
        "sewer_same_building": add(city, round_, city.community, "3栋下水道堵了"),
        "lamp_far": add(city, round_, city.far, "3栋楼道灯坏了"),
    }


def test_creating_an_opinion_indexes_it(opinions):
    assert SimilarityBand.objects.filter(opinion=opinions["lamp"]).count() > 0


def test_similar_finds_the_paraphrase_first(opinions):
    found = similar_opinions(opinions["lamp"], Opinion.objects.all())
    assert found[0][0] == opinions["lamp_again"]
    assert 0 < found[0][1] <= 1
    scores = [s for _, s in found]
    assert scores == sorted(scores, reverse=True)
    assert all(o != opinions["lamp"] for o, _ in found)


def test_similar_never_suggests_another_community(opinions):
    found = [o for o, _ in similar_opinions(opinions["lamp"], Opinion.objects.all())]
    assert opinions["lamp_far"] not in found


def test_similar_only_from_the_candidates_given(opinions):
    candidates = Opinion.objects.exclude(pk=opinions["lamp_again"].pk)
    assert opinions["lamp_again"] not in [o for o, _ in similar_opinions(opinions["lamp"], candidates)]


def test_api_similar(api, city, opinions):
    response = api(city.community_user).get(f"opinions/{opinions['lamp'].pk}/similar")
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["id"] == opinions["lamp_again"].pk
    assert all(0 < r["score"] <= 1 for r in results)
    ids = {r["id"] for r in results}
    assert opinions["lamp_far"].pk not in ids
    assert Opinion.objects.filter(pk__in=ids).exclude(community=city.community).count() == 0


def test_api_similar_of_another_communitys_opinion_is_404(api, city, opinions):
    response = api(city.community_user).get(f"opinions/{opinions['lamp_far'].pk}/similar")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_api_similar_unknown_is_404_and_anonymous_is_401(api, city, opinions):
    assert api(city.community_user).get("opinions/999999/similar").status_code == 404
    assert api().get(f"opinions/{opinions['lamp'].pk}/similar").status_code == 401


def test_api_similar_for_a_unit_user_is_404(api, city, opinions):
    # units do not see opinions at all
    assert api(city.unit_user).get(f"opinions/{opinions['lamp'].pk}/similar").status_code == 404


def test_city_user_sees_the_suggestions_of_any_community(api, city, opinions):
    response = api(city.city_user).get(f"opinions/{opinions['lamp_far'].pk}/similar")
    assert response.status_code == 200
    assert all(Opinion.objects.get(pk=r["id"]).community_id == city.far.pk for r in response.json()["results"])


def test_index_round_rebuilds_the_same_index(round_, opinions):
    before = sorted(SimilarityBand.objects.values_list("opinion_id", "bucket"))
    SimilarityBand.objects.all().delete()
    assert index_round(round_.pk) == len(opinions)
    assert sorted(SimilarityBand.objects.values_list("opinion_id", "bucket")) == before
    index_opinions(list(Opinion.objects.all()))  # idempotent
    assert sorted(SimilarityBand.objects.values_list("opinion_id", "bucket")) == before


def test_cluster_round_groups_paraphrases_only(round_, opinions):
    result = cluster_round(round_.pk)
    assert result.clusters == [sorted([opinions["lamp"].pk, opinions["lamp_again"].pk])]


def test_dedupe_command_prints_clusters(round_, opinions, capsys):
    from django.core.management import call_command

    call_command("dedupe", "--round", str(round_.pk))
    out = capsys.readouterr().out
    assert "1 组疑似重复" in out and "三栋的楼道灯" in out


@pytest.fixture
def sibling_lamp(city, round_, opinions):
    return add(city, round_, city.sibling, "三栋的楼道灯一直不亮")


def test_similar_stays_in_the_community_by_default(api, city, opinions, sibling_lamp):
    ids = {r["id"] for r in api(city.street_user).get(f"opinions/{opinions['lamp'].pk}/similar").json()["results"]}
    assert opinions["lamp_again"].pk in ids
    assert sibling_lamp.pk not in ids


def test_a_street_user_may_widen_the_suggestions_to_the_street(api, city, opinions, sibling_lamp):
    response = api(city.street_user).get(f"opinions/{opinions['lamp'].pk}/similar?scope=street")
    assert response.status_code == 200
    ids = {r["id"] for r in response.json()["results"]}
    assert {sibling_lamp.pk, opinions["lamp_again"].pk} <= ids
    assert opinions["lamp_far"].pk not in ids  # another street


def test_a_city_user_may_widen_the_suggestions_to_the_street(api, city, opinions, sibling_lamp):
    response = api(city.city_user).get(f"opinions/{opinions['lamp'].pk}/similar?scope=street")
    assert response.status_code == 200
    assert sibling_lamp.pk in {r["id"] for r in response.json()["results"]}


def test_a_community_user_cannot_widen_the_suggestions(api, city, opinions, sibling_lamp):
    response = api(city.community_user).get(f"opinions/{opinions['lamp'].pk}/similar?scope=street")
    assert response.status_code == 403
    assert "detail" in response.json()


def test_an_unknown_scope_is_refused(api, city, opinions):
    response = api(city.street_user).get(f"opinions/{opinions['lamp'].pk}/similar?scope=city")
    assert response.status_code in (400, 422)


def test_suggestions_ignore_category_and_channel(city, round_, opinions):
    from gongjian.solicitation.models import Category

    other = Category.objects.exclude(pk=city.category.pk).first()
    again = opinion_create(actor=city.community_user, round=round_, community=city.community, channel="hotline",
                           category=other, content="3号楼走廊灯不亮了")
    assert again in [o for o, _ in similar_opinions(opinions["lamp"], Opinion.objects.all())]


def test_a_paraphrase_in_other_words_is_found_first(city, round_):
    sewer = add(city, round_, city.community, "小区下水道经常堵")
    add(city, round_, city.community, "小区门口的路灯坏了")
    again = add(city, round_, city.community, "排水管道一下雨就往外冒污水")
    assert similar_opinions(sewer, Opinion.objects.all())[0][0] == again
