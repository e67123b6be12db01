"""批次 pages of the city admin: add a batch to a round, rename one. The round's page lists them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.shortcuts import redirect, render

from gongjian import permissions
from gongjian.core.errors import Conflict
from gongjian.solicitation.models import Round

from . import services
from .forms import BatchEditForm, BatchForm
from .models import Batch


def _add_errors(form, exc: ValidationError) -> None:
    for field, errs in exc.message_dict.items():
        for err in errs:
            form.add_error(field if field in form.fields else None, err)


@login_required
def batch_create(request, round_id: int):
    user = request.user
    rnd = permissions.get_visible_or_404(user, Round, round_id)
    permissions.require(user, "create", Batch)
    if request.method == "POST":
        form = BatchForm(request.POST)
        if form.is_valid():
            try:
                batch = services.batch_create(actor=user, round=rnd, number=form.cleaned_data["number"],
                                              name=form.cleaned_data["name"])
            except ValidationError as exc:
                _add_errors(form, exc)
            except Conflict as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已新增“{batch}”")
                return redirect("solicitation:round_detail", pk=rnd.pk)
    else:
        last = Batch.objects.filter(round=rnd).aggregate(m=Max("number"))["m"] or 0
        form = BatchForm(initial={"number": last + 1})
    return render(request, "projects/batch_form.html", {"round": rnd, "form": form, "title": "新增批次"})


@login_required
def batch_update(request, pk: int):
    user = request.user
    batch = permissions.get_visible_or_404(user, Batch, pk,
                                           permissions.visible(user, Batch).select_related("round"))
    permissions.require(user, "change", batch)
    form = BatchEditForm(request.POST or None, initial={"name": batch.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_update(actor=user, batch=batch, name=form.cleaned_data["name"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "批次已保存")
            return redirect("solicitation:round_detail", pk=batch.round_id)
    return render(request, "projects/batch_form.html", {
        "round": batch.round, "form": form, "batch": batch, "title": f"修改批次：第{batch.number}批"})
