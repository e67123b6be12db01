import pytest
from django.http import Http404
from django.test import RequestFactory

from gongjian import permissions
from gongjian.core.masking import mask_text
from gongjian.core.paging import page_of


def test_mask_text_hides_phone_and_id_numbers_written_into_free_text():
    text = "电话13912345678，身份证42098119900101123X，座机0712-5221234"
    masked = mask_text(text)
    assert "13912345678" not in masked and "139****5678" in masked
    assert "42098119900101123X" not in masked and "420981********123X" in masked
    assert "5221234" not in masked


def test_mask_text_keeps_ordinary_numbers():
    text = "3栋2单元，共300户，2010年11月，建筑面积1200平方米"
    assert mask_text(text) == text


@pytest.mark.parametrize("raw", ["abc", "-1", "9" * 40, ""])
def test_page_of_answers_first_page_for_malformed_numbers(raw):
    request = RequestFactory().get("/", {"page": raw})
    assert page_of(request, list(range(100)), per_page=10).number == 1


def test_page_past_the_end_gives_the_last_page():
    request = RequestFactory().get("/", {"page": "99"})
    assert page_of(request, list(range(100)), per_page=10).number == 10


@pytest.mark.django_db
def test_id_past_a_bigint_is_not_found_not_a_database_error(city):
    from gongjian.registry.models import Community

    with pytest.raises(Http404):
        permissions.get_visible_or_404(city.city_user, Community, "9" * 25)
