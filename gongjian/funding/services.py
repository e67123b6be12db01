"""Every write of task admission and the funds ledger (费随事转、权随责移)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongjian.core.audit import stamp, user_or_none
from gongjian.core.errors import Conflict
from gongjian.core.uploads import check_upload, clean_filename

from .models import FundPromise, Payment, TaskRequest

VOUCHER_KINDS = ("jpg", "png", "pdf")


def money(value, field: str = "amount") -> Decimal:
    """A non-negative amount of yuan with at most two decimals, from a number or a string."""
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: ["金额须为数字"]}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: ["金额不能为负数"]})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: ["金额最多保留两位小数"]})
    return amount.quantize(Decimal("0.01"))


def has_support(request: TaskRequest) -> bool:
    """Staff sent, or funds promised to the communities (a service purchase pays through them too)."""
    if request.staff_count > 0:
        return True
    return request.promises.filter(amount__gt=0).exists()


@transaction.atomic
def task_request_file(*, actor, unit, title: str, communities, starts_on: date, description: str = "",
                      ends_on: date | None = None, staff_count: int = 0, staff_note: str = "",
                      service_contract: str = "", amount_per_community=0, amounts: dict | None = None,
                      funds_due_on: date | None = None) -> TaskRequest:
    """A department files a request to move work into `communities`. Funds are promised per
    community: the same `amount_per_community` to each, or `amounts` {community: amount}."""
    communities = list(dict.fromkeys(communities))
    if not communities:
        raise ValidationError({"communities": ["请至少选择一个社区"]})
    request = TaskRequest(unit=unit, title=(title or "").strip(), description=(description or "").strip(),
                          starts_on=starts_on, ends_on=ends_on, staff_count=staff_count or 0,
                          staff_note=(staff_note or "").strip(), service_contract=(service_contract or "").strip(),
                          filed_by=user_or_none(actor))
    request.full_clean()
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": ["截止日期不能早于起始日期"]})
    default = money(amount_per_community or 0, "amount_per_community")
    per = {c.pk: money(v, "amounts") for c, v in (amounts or {}).items()}
    if request.service_contract and not (default or any(per.values())):
        raise ValidationError({"amounts": ["购买服务须写明每个社区的经费"]})
    stamp(request, actor, "提出工作准入申请")
    request.save()
    for community in communities:
        promise = FundPromise(request=request, community=community, amount=per.get(community.pk, default),
                              due_on=funds_due_on)
        stamp(promise, actor, "申请时承诺经费")
        promise.save()
    return request


@transaction.atomic
def task_admit(*, actor, request: TaskRequest, override_reason: str = "", note: str = "") -> TaskRequest:
    """The city admits the work. Without staff or funds attached it is refused (409) unless an explicit
    override reason is given; that reason is stored and written to the audit history."""
    request = TaskRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != TaskRequest.Status.SUBMITTED:
        raise Conflict(f"该申请当前为“{request.get_status_display()}”，不能再准入")
    override_reason = (override_reason or "").strip()
    supported = has_support(request)
    if not supported and not override_reason:
        raise Conflict("费随事转：该工作既无派驻人员也无经费随转，不能准入；确需准入的，请填写特批理由")
    request.status = TaskRequest.Status.ADMITTED
    request.decided_by = user_or_none(actor)
    request.decided_at = timezone.now()
    request.decision_note = (note or "").strip()
    request.override_reason = "" if supported else override_reason
    reason = "准入" if supported else f"特批准入（无人员、无经费随转）：{override_reason}"
    stamp(request, actor, reason)
    request.save()
    return request


@transaction.atomic
def task_refuse(*, actor, request: TaskRequest, reason: str) -> TaskRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["请写明不予准入的理由"]})
    request = TaskRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != TaskRequest.Status.SUBMITTED:
        raise Conflict(f"该申请当前为“{request.get_status_display()}”，不能再审核")
    request.status = TaskRequest.Status.REFUSED
    request.decided_by = user_or_none(actor)
    request.decided_at = timezone.now()
    request.decision_note = reason
    stamp(request, actor, f"不予准入：{reason}")
    request.save()
    return request


@transaction.atomic
def funds_promise(*, actor, request: TaskRequest, community, amount, due_on: date | None = None) -> FundPromise:
    """Promise (or change the promise of) funds to one community of a task not refused. A promise
    never drops below what has already been paid."""
    request = TaskRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == TaskRequest.Status.REFUSED:
        raise Conflict("未准入的工作不能承诺经费")
    amount = money(amount)
    promise = FundPromise.objects.select_for_update().filter(request=request, community=community).first()
    if promise is None:
        promise = FundPromise(request=request, community=community, amount=amount, due_on=due_on)
        reason = f"承诺经费 {amount} 元"
    else:
        if amount < promise.paid:
            raise ValidationError({"amount": [f"承诺金额不能少于已拨付的 {promise.paid} 元"]})
        reason = f"经费承诺由 {promise.amount} 元调整为 {amount} 元"
        promise.amount = amount
        if due_on is not None:
            promise.due_on = due_on
    stamp(promise, actor, reason)
    promise.save()
    return promise


@transaction.atomic
def payment_record(*, actor, promise: FundPromise, amount, paid_on: date, note: str = "", voucher=None,
                   voucher_filename: str = "") -> Payment:
    """Record money paid to the community against a promise of an admitted task. The payment cannot
    exceed what is still owed; a voucher (jpg, png or pdf, at most 10 MB) is kept through storage."""
    promise = FundPromise.objects.select_for_update().select_related("request").get(pk=promise.pk)
    if promise.request.status != TaskRequest.Status.ADMITTED:
        raise Conflict("只有已准入的工作才能登记拨付")
    amount = money(amount)
    if amount <= 0:
        raise ValidationError({"amount": ["拨付金额须大于 0"]})
    if amount > promise.balance:
        raise ValidationError({"amount": [f"拨付金额超过尚欠的 {promise.balance} 元"]})
    if paid_on is None:
        raise ValidationError({"paid_on": ["请填写拨付日期"]})
    payment = Payment(promise=promise, amount=amount, paid_on=paid_on, note=(note or "").strip()[:200],
                      recorded_by=user_or_none(actor))
    if voucher is not None:
        from django.core.files import File

        kind, _size = check_upload(voucher, field="voucher", kinds=VOUCHER_KINDS)
        payment.voucher_name = clean_filename(voucher, voucher_filename)
        payment.voucher.save(f"voucher.{kind}", voucher if hasattr(voucher, "chunks") else File(voucher),
                             save=False)
    stamp(payment, actor, f"拨付 {amount} 元")
    payment.save()
    # The promise row is locked (select_for_update), so adding here cannot lose a concurrent payment.
    promise.paid += amount
    stamp(promise, actor, f"拨付 {amount} 元，累计已拨付 {promise.paid} 元")
    promise.save()
    return payment
