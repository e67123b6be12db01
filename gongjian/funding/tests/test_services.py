"""费随事转: admission needs staff or funds unless overridden (and the override is recorded); the ledger
balances; overdue promises are flagged."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongjian.core.errors import Conflict
from gongjian.funding import selectors, services
from gongjian.funding.models import FundPromise, Payment, TaskRequest
from gongjian.testing import today

from .factories import admitted_request, file_request

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n" + b"0" * 100


def test_filing_promises_funds_to_each_community(city):
    request = file_request(city, amount="5000")
    assert request.status == TaskRequest.Status.SUBMITTED
    assert sorted(request.promises.values_list("community_id", "amount")) == sorted(
        [(city.community.pk, Decimal("5000.00")), (city.sibling.pk, Decimal("5000.00"))])


def test_admission_without_staff_or_funds_is_refused_and_nothing_changes(city):
    request = file_request(city)
    with pytest.raises(Conflict, match="费随事转"):
        services.task_admit(actor=city.city_user, request=request)
    request.refresh_from_db()
    assert request.status == TaskRequest.Status.SUBMITTED
    assert request.history.count() == 1


def test_admission_with_an_override_reason_is_recorded_in_history(city):
    request = file_request(city)
    services.task_admit(actor=city.city_user, request=request, override_reason="市委决定的紧急任务，经费下月追加")
    request.refresh_from_db()
    assert request.status == TaskRequest.Status.ADMITTED
    assert request.overridden and "紧急任务" in request.override_reason
    latest = request.history.first()
    assert latest.history_user == city.city_user
    assert "特批准入" in latest.history_change_reason and "紧急任务" in latest.history_change_reason


@pytest.mark.parametrize("kwargs", [{"amount": "3000"}, {"staff_count": 2}])
def test_admission_with_staff_or_funds_needs_no_override(city, kwargs):
    request = services.task_admit(actor=city.city_user, request=file_request(city, **kwargs))
    assert request.status == TaskRequest.Status.ADMITTED and not request.overridden


def test_a_decided_request_cannot_be_decided_again(city):
    request = admitted_request(city, amount=100)
    with pytest.raises(Conflict):
        services.task_refuse(actor=city.city_user, request=request, reason="重复")
    with pytest.raises(Conflict):
        services.task_admit(actor=city.city_user, request=request)


def test_refusal_needs_a_reason(city):
    request = file_request(city)
    with pytest.raises(ValidationError):
        services.task_refuse(actor=city.city_user, request=request, reason=" ")
    services.task_refuse(actor=city.city_user, request=request, reason="属于部门自身职责，不得转嫁社区")
    request.refresh_from_db()
    assert request.status == TaskRequest.Status.REFUSED


def test_the_ledger_balances(city):
    request = admitted_request(city, amount="5000")
    promise = request.promises.get(community=city.community)
    services.payment_record(actor=city.unit_user, promise=promise, amount="2000", paid_on=today())
    services.payment_record(actor=city.unit_user, promise=promise, amount=Decimal("500.50"), paid_on=today(),
                            voucher=SimpleUploadedFile("凭证.pdf", PDF))
    promise.refresh_from_db()
    paid = sum(Payment.objects.filter(promise=promise).values_list("amount", flat=True))
    assert promise.paid == paid == Decimal("2500.50")
    assert promise.balance == Decimal("2499.50")
    totals = selectors.totals(FundPromise.objects.all())
    assert totals["promised"] == Decimal("10000.00")
    assert totals["paid"] == Decimal("2500.50")
    assert totals["balance"] == totals["promised"] - totals["paid"] == Decimal("7499.50")
    by_community = {r["community_id"]: r for r in selectors.by_community(FundPromise.objects.all())}
    assert by_community[city.community.pk]["balance"] == Decimal("2499.50")
    assert by_community[city.sibling.pk]["balance"] == Decimal("5000.00")
    assert Payment.objects.filter(voucher_name="凭证.pdf").get().voucher.name.endswith(".pdf")


def test_a_payment_cannot_exceed_what_is_owed(city):
    promise = admitted_request(city, amount="1000").promises.first()
    with pytest.raises(ValidationError):
        services.payment_record(actor=city.unit_user, promise=promise, amount="1000.01", paid_on=today())
    assert not Payment.objects.exists()


def test_payments_only_on_admitted_tasks(city):
    promise = file_request(city, amount="1000").promises.first()
    with pytest.raises(Conflict):
        services.payment_record(actor=city.unit_user, promise=promise, amount="10", paid_on=today())


def test_a_voucher_must_be_a_pdf_or_photo(city):
    promise = admitted_request(city, amount="1000").promises.first()
    with pytest.raises(ValidationError):
        services.payment_record(actor=city.unit_user, promise=promise, amount="10", paid_on=today(),
                                voucher=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"))
    assert not Payment.objects.exists()


def test_a_promise_cannot_drop_below_what_was_paid(city):
    request = admitted_request(city, amount="1000")
    promise = request.promises.get(community=city.community)
    services.payment_record(actor=city.unit_user, promise=promise, amount="600", paid_on=today())
    with pytest.raises(ValidationError):
        services.funds_promise(actor=city.unit_user, request=request, community=city.community, amount="500")
    changed = services.funds_promise(actor=city.unit_user, request=request, community=city.community, amount="1200")
    assert changed.balance == Decimal("600")


def test_overdue_promises_are_flagged(city):
    request = admitted_request(city, amount="1000", due_in_days=-5)
    late, on_time = request.promises.order_by("community_id")
    services.payment_record(actor=city.unit_user, promise=on_time, amount="1000", paid_on=today())
    assert late.is_overdue()
    totals = selectors.totals(FundPromise.objects.all())
    assert totals["overdue"] == 1 and totals["overdue_amount"] == Decimal("1000")
    figures = selectors.requests_with_figures(TaskRequest.objects.all()).get()
    assert figures.overdue_count == 1


def test_unfunded_requests_are_flagged(city):
    file_request(city, title="无经费的任务")
    file_request(city, title="有经费的任务", amount=100)
    file_request(city, title="派人的任务", staff_count=1)
    unfunded = selectors.requests_with_figures(TaskRequest.objects.all()).filter(selectors.unfunded_q())
    assert list(unfunded.values_list("title", flat=True)) == ["无经费的任务"]


def test_the_amounts_of_a_service_purchase_are_required(city):
    with pytest.raises(ValidationError):
        services.task_request_file(actor=city.unit_user, unit=city.unit, title="购买服务", communities=[city.community],
                                   starts_on=today(), service_contract="YC-GM-2010-01")
    request = services.task_request_file(actor=city.unit_user, unit=city.unit, title="购买服务",
                                         communities=[city.community], starts_on=today(),
                                         service_contract="YC-GM-2010-01", amounts={city.community: "8000"},
                                         funds_due_on=today() + timedelta(days=10))
    assert request.promises.get().amount == Decimal("8000")
