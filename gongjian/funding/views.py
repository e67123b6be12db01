"""Staff pages of task admission and the funds ledger.

Each view: look the object up among the visible ones (404) → permission (403) → parse the form →
one service call → render or redirect with a plain message.
"""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.core.errors import Conflict, error_text
from gongjian.core.files import file_response, kind_of
from gongjian.core.paging import page_of
from gongjian.core.xlsx import xlsx_response
from gongjian.registry.models import Community, Unit

from . import selectors, services
from .models import FundPromise, Payment, TaskRequest
from .permissions import promise_q

PAGE_SIZE = 30


class TaskRequestForm(forms.Form):
    title = forms.CharField(label="工作事项", max_length=200)
    description = forms.CharField(label="工作内容", widget=forms.Textarea, required=False)
    communities = forms.ModelMultipleChoiceField(label="进入哪些社区", queryset=Community.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="截止日期（可不填）", required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    staff_count = forms.IntegerField(label="派驻人员数", min_value=0, initial=0)
    staff_note = forms.CharField(label="派驻人员说明", max_length=200, required=False)
    amount_per_community = forms.DecimalField(label="每个社区的经费（元）", min_value=0, decimal_places=2,
                                              initial=0)
    funds_due_on = forms.DateField(label="经费拨付期限", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    service_contract = forms.CharField(label="购买服务合同编号（如有）", max_length=200, required=False)
    unit = forms.ModelChoiceField(label="申请部门", queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = Community.objects.select_related("street").order_by("code")
        if permissions.scope_of(user).role == Role.UNIT:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = Unit.objects.filter(kind=Unit.Kind.ORGAN).order_by("name")
            self.fields["unit"].required = True


class PromiseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.community.name}（尚欠 {obj.balance:.2f} 元）"


class PaymentForm(forms.Form):
    promise = PromiseChoiceField(label="社区", queryset=FundPromise.objects.none(), empty_label=None)
    amount = forms.DecimalField(label="拨付金额（元）", min_value=0.01, decimal_places=2)
    paid_on = forms.DateField(label="拨付日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="备注", max_length=200, required=False)
    voucher = forms.FileField(label="凭证（pdf 或照片，可不传）", required=False)

    def __init__(self, *args, task: TaskRequest, **kwargs):
        """Payments go against the promises of `task` that are not yet fully paid."""
        super().__init__(*args, **kwargs)
        self.fields["promise"].queryset = (FundPromise.objects.filter(request=task, paid__lt=F("amount"))
                                           .select_related("community").order_by("community__code"))


class AdmitForm(forms.Form):
    override_reason = forms.CharField(label="特批理由", widget=forms.Textarea, required=False)
    note = forms.CharField(label="审核意见（可不填）", required=False)


class RefuseForm(forms.Form):
    reason = forms.CharField(label="不予准入的理由", widget=forms.Textarea)


def _requests(user):
    """Visible requests with only the promises the user sees (as the API answers them)."""
    return (permissions.visible(user, TaskRequest).select_related("unit")
            .prefetch_related(Prefetch("promises", queryset=permissions.visible(user, FundPromise)
                                       .select_related("community").order_by("community__code"))))


@login_required
def request_list(request):
    today = timezone.localdate()
    seen = promise_q(permissions.scope_of(request.user), "promises__")
    qs = selectors.requests_with_figures(permissions.visible(request.user, TaskRequest).select_related("unit"),
                                         today, seen).order_by("-created_at", "-id")
    status = request.GET.get("status", "")
    flag = request.GET.get("flag", "")
    if status in TaskRequest.Status.values:
        qs = qs.filter(status=status)
    if flag == "unfunded":
        qs = qs.filter(selectors.unfunded_q())
    elif flag == "overdue":
        qs = qs.filter(overdue_count__gt=0)
    page = page_of(request, qs, PAGE_SIZE)
    for r in page:
        r.unfunded = r.staff_count == 0 and r.funded_count == 0
        r.balance = r.promised - r.paid_total
    return render(request, "funding/request_list.html", {
        "page": page, "status": status, "flag": flag, "statuses": TaskRequest.Status.choices,
        "may_file": permissions.can(request.user, "create", TaskRequest),
    })


@login_required
def request_create(request):
    permissions.require(request.user, "create", TaskRequest)
    form = TaskRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope = permissions.scope_of(request.user)
        unit = Unit.objects.get(pk=scope.unit_id) if scope.role == Role.UNIT else data["unit"]
        try:
            created = services.task_request_file(
                actor=request.user, unit=unit, title=data["title"], description=data["description"],
                communities=list(data["communities"]), starts_on=data["starts_on"], ends_on=data["ends_on"],
                staff_count=data["staff_count"], staff_note=data["staff_note"],
                service_contract=data["service_contract"], amount_per_community=data["amount_per_community"],
                funds_due_on=data["funds_due_on"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "准入申请已提交，等待市级审核")
            return redirect("funding:request_detail", pk=created.pk)
    return render(request, "funding/request_form.html", {"form": form})


@login_required
def request_detail(request, pk: int):
    task = permissions.get_visible_or_404(request.user, TaskRequest, pk, queryset=_requests(request.user))
    today = timezone.localdate()
    promises = list(task.promises.all())  # those the user sees, prefetched
    for p in promises:
        p.overdue = task.status == TaskRequest.Status.ADMITTED and p.is_overdue(today)
    payments = (permissions.visible(request.user, Payment).filter(promise__request=task)
                .select_related("promise__community").order_by("paid_on", "id"))
    supported = task.staff_count > 0 or any(p.amount > 0 for p in promises)
    return render(request, "funding/request_detail.html", {
        "task": task, "promises": promises, "payments": payments, "supported": supported,
        "may_decide": task.status == TaskRequest.Status.SUBMITTED and permissions.can(request.user, "admit", task),
        "may_pay": task.status == TaskRequest.Status.ADMITTED and permissions.can(request.user, "pay", task),
        "payment_form": PaymentForm(initial={"paid_on": today}, task=task),
        "admit_form": AdmitForm(auto_id="admit_%s"), "refuse_form": RefuseForm(auto_id="refuse_%s"),
        "history": task.history.select_related("history_user").order_by("-history_date")[:20],
    })


def _decide(request, pk: int, action: str):
    task = permissions.get_visible_or_404(request.user, TaskRequest, pk)
    permissions.require(request.user, action, task)
    try:
        if action == "admit":
            services.task_admit(actor=request.user, request=task,
                                override_reason=request.POST.get("override_reason", ""),
                                note=request.POST.get("note", ""))
            messages.success(request, "已准入")
        else:
            services.task_refuse(actor=request.user, request=task, reason=request.POST.get("reason", ""))
            messages.success(request, "已决定不予准入")
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("funding:request_detail", pk=task.pk)


@login_required
@require_POST
def request_admit(request, pk: int):
    return _decide(request, pk, "admit")


@login_required
@require_POST
def request_refuse(request, pk: int):
    return _decide(request, pk, "refuse")


@login_required
@require_POST
def payment_create(request, pk: int):
    task = permissions.get_visible_or_404(request.user, TaskRequest, pk)
    permissions.require(request.user, "pay", task)
    form = PaymentForm(request.POST, request.FILES, task=task)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("funding:request_detail", pk=task.pk)
    data = form.cleaned_data
    try:
        services.payment_record(actor=request.user, promise=data["promise"], amount=data["amount"],
                                paid_on=data["paid_on"],
                                note=data["note"], voucher=data["voucher"],
                                voucher_filename=data["voucher"].name if data["voucher"] else "")
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "拨付已登记")
    return redirect("funding:request_detail", pk=task.pk)


@login_required
def ledger(request):
    """What is promised, paid and still owed — by community and by department — and what is overdue."""
    today = timezone.localdate()
    promises = permissions.visible(request.user, FundPromise)
    overdue = (selectors.promise_rows(promises.filter(selectors.overdue_q(today)))
               .order_by("due_on", "id")[:100])
    return render(request, "funding/ledger.html", {
        "totals": selectors.totals(promises, today), "by_community": selectors.by_community(promises, today),
        "by_department": selectors.by_department(promises, today), "overdue": overdue, "today": today,
    })


def _cell_date(value: date | None):
    return value.isoformat() if value else ""


@login_required
def export(request):
    """The ledger as .xlsx: one sheet of requests, one of promises, one of payments (what the user sees)."""
    today = timezone.localdate()
    requests = selectors.requests_with_figures(
        permissions.visible(request.user, TaskRequest).select_related("unit"), today,
        promise_q(permissions.scope_of(request.user), "promises__")).order_by("-created_at", "-id")
    promises = selectors.promise_rows(permissions.visible(request.user, FundPromise)).order_by(
        "request_id", "community__code")
    payments = (permissions.visible(request.user, Payment)
                .select_related("promise__request", "promise__community").order_by("paid_on", "id"))
    status_label = dict(TaskRequest.Status.choices)
    sheets = [
        ("准入申请", ["编号", "申请部门", "工作事项", "起始日期", "派驻人员", "购买服务合同", "承诺经费(元)",
                      "已拨付(元)", "尚欠(元)", "状态", "无人员无经费", "特批理由", "逾期未拨付社区数"],
         [[r.pk, r.unit.name, r.title, _cell_date(r.starts_on), r.staff_count, r.service_contract, r.promised,
           r.paid_total, r.promised - r.paid_total, str(status_label[r.status]),
           r.staff_count == 0 and r.funded_count == 0, r.override_reason, r.overdue_count] for r in requests]),
        ("经费台账", ["申请编号", "工作事项", "申请部门", "街道", "社区", "承诺金额(元)", "已拨付(元)", "尚欠(元)",
                      "拨付期限", "状态", "逾期"],
         [[p.request_id, p.request.title, p.request.unit.name, p.community.street.name, p.community.name, p.amount,
           p.paid, p.balance, _cell_date(p.due_on), str(status_label[p.request.status]),
           p.request.status == TaskRequest.Status.ADMITTED and p.is_overdue(today)] for p in promises]),
        ("拨付记录", ["申请编号", "工作事项", "社区", "金额(元)", "拨付日期", "备注", "有凭证"],
         [[p.promise.request_id, p.promise.request.title, p.promise.community.name, p.amount, _cell_date(p.paid_on),
           p.note, bool(p.voucher)] for p in payments]),
    ]
    return xlsx_response(f"费随事转经费台账-{today:%Y%m%d}.xlsx", sheets)


@login_required
def payment_voucher(request, pk):
    """A payment's voucher (凭证), to those who may see the payment; others get 404."""
    payment = permissions.get_visible_or_404(request.user, Payment, pk)
    return file_response(payment.voucher, name=payment.voucher_name or "凭证", kind=kind_of(payment.voucher.name))
