"""Uploads are handed over only by views that check who may see them; nothing serves /media/."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongjian.funding import services as funding
from gongjian.funding.tests.factories import admitted_request
from gongjian.standards import services as standards
from gongjian.standards.tests.factories import make_standard
from gongjian.testing import PASSWORD, today

PDF = b"%PDF-1.4\n" + b"0" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _client(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _voucher(city):
    promise = admitted_request(city, amount="5000").promises.get(community=city.community)
    return funding.payment_record(actor=city.unit_user, promise=promise, amount="100", paid_on=today(),
                                  voucher=SimpleUploadedFile("凭证.pdf", PDF))


def test_payment_voucher_is_served_to_its_community_and_hidden_from_another(city):
    payment = _voucher(city)
    url = reverse("funding:payment_voucher", args=[payment.pk])
    own = _client(city.community_user).get(url)
    assert own.status_code == 200 and b"".join(own.streaming_content) == PDF
    assert own["Content-Type"] == "application/pdf" and own["X-Content-Type-Options"] == "nosniff"
    assert _client(city.far_community_user).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # sign in first


def test_payment_voucher_goes_through_nginx_when_configured(city, settings):
    settings.GONGJIAN_ACCEL_REDIRECT_PREFIX = "/_protected_media"
    payment = _voucher(city)
    response = _client(city.community_user).get(reverse("funding:payment_voucher", args=[payment.pk]))
    assert response["X-Accel-Redirect"] == "/_protected_media/" + payment.voucher.name


def test_evidence_is_served_to_its_assessment_readers_only(city):
    standard = make_standard(city.city_user)
    assessment = standards.self_assessment_save(actor=city.community_user, standard=standard,
                                                community=city.community, scores={})
    evidence = standards.evidence_attach(actor=city.community_user, assessment=assessment,
                                         criterion=standard.criteria.first(),
                                         file=SimpleUploadedFile("活动照片.png", PNG))
    url = reverse("standards:evidence_file", args=[evidence.pk])
    assert _client(city.community_user).get(url).status_code == 200
    assert _client(city.far_community_user).get(url).status_code == 404


def test_media_url_is_not_served(city, settings):
    payment = _voucher(city)
    assert Client().get("/media/" + payment.voucher.name).status_code == 404
