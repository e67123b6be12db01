"""Importing opinions from a sheet (inline, or in the background for big files), the template."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render

from gongjian import permissions
from gongjian.core.errors import Conflict

from .. import services
from ..forms import ImportForm
from ..imports import (
    BACKGROUND_ROWS,
    TEMPLATE_HEADERS,
    ImportFileError,
    ImportRowsInvalid,
    check_upload,
    estimate_rows,
)
from ..models import Channel, ImportJob, Opinion, Round
from .common import active_categories, community_choices, pick_round, rounds_of


@login_required
def opinion_import(request):
    permissions.require(request.user, "create", Opinion)
    rounds = rounds_of(request.user, open_only=True)
    row_errors, error_detail = [], ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            rnd = next((r for r in rounds if r.pk == form.cleaned_data["round"]), None)
            upload = form.cleaned_data["file"]
            if rnd is None:
                form.add_error("round", "请选择一个未结束的轮次")
            else:
                try:
                    head = upload.read(8)
                    upload.seek(0)
                    kind = check_upload(upload.name, upload.size, head, upload)
                    total = estimate_rows(upload, kind)
                    upload.seek(0)
                    if total is None or total > BACKGROUND_ROWS:
                        job = services.import_job_create(actor=request.user, round=rnd, upload=upload, kind=kind,
                                                         total=total)
                        return redirect("solicitation:import_job", pk=job.pk)
                    created = services.opinion_import(
                        actor=request.user, round=rnd,
                        communities=permissions.communities_in_scope(request.user),
                        fileobj=upload, kind=kind)
                except ImportFileError as exc:
                    form.add_error("file", exc.message)
                except ImportRowsInvalid as exc:
                    row_errors, error_detail = exc.rows_as_dicts(), exc.detail
                except Conflict as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, f"已导入 {created} 条意见，每条都有回执码。")
                    return redirect("solicitation:opinion_import")
    else:
        current = pick_round(rounds, request.GET.get("round"), prefer=(Round.Status.OPEN,))
        form = ImportForm(initial={"round": current.pk if current else None})
    jobs = permissions.visible(request.user, ImportJob).filter(created_by=request.user).order_by("-id")[:5]
    return render(request, "solicitation/import.html", {
        "form": form, "rounds": rounds, "row_errors": row_errors, "error_detail": error_detail,
        "headers": TEMPLATE_HEADERS, "jobs": jobs, "background_rows": BACKGROUND_ROWS,
    })


@login_required
def import_template(request):
    """The template .xlsx: the header row, drop-down lists for 渠道, 类别 and 社区, and a sheet of notes."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    permissions.require(request.user, "create", Opinion)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "意见"
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F3E6E5")
    for column, width in zip("ABCDEFGH", [16, 12, 12, 50, 10, 16, 12, 10], strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"

    lists = book.create_sheet("选项")
    categories = active_categories()
    communities = community_choices(request.user) or []
    lists.append(["类别", "社区", "社区代码", "渠道"])
    channels = [str(label) for _value, label in Channel.choices]
    for i in range(max(len(categories), len(communities), len(channels))):
        lists.append([categories[i].name if i < len(categories) else None,
                      communities[i].name if i < len(communities) else None,
                      communities[i].code if i < len(communities) else None,
                      channels[i] if i < len(channels) else None])
    validations = [("B", f"\"{','.join(channels)}\"")]
    if categories:
        validations.append(("C", f"'选项'!$A$2:$A${len(categories) + 1}"))
    if communities:
        validations.append(("A", f"'选项'!$B$2:$B${len(communities) + 1}"))
    for column, formula in validations:
        check = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
        check.add(f"{column}2:{column}100000")
        sheet.add_data_validation(check)

    notes = book.create_sheet("填写说明")
    for line in [
        "第 1 行是表头，不要改动；意见从第 2 行开始，每行一条。",
        "社区：写社区名称或社区代码（有重名的社区请写代码）。",
        "渠道：征求意见表、一封信、座谈会、网上征集、热线、其他。",
        "类别：见“选项”表。内容：居民的原话，必填。",
        "姓名、电话可不填；日期写成 2010-05-03，不填为导入当天；表号为纸质意见表上的编号，可不填。",
        "导入时先检查每一行：只要有一行有错，就全部不导入，并列出出错的行号、列名和原因。",
    ]:
        notes.append([line])
    notes.column_dimensions["A"].width = 90
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename=\"opinions-template.xlsx\"; " \
                                      "filename*=UTF-8''%E6%84%8F%E8%A7%81%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    return response


@login_required
def import_job(request, pk: int):
    """A background import's progress; htmx polls the same address for the progress block."""
    job = permissions.get_visible_or_404(
        request.user, ImportJob, pk, queryset=permissions.visible(request.user, ImportJob).select_related("round"))
    saved = cache.get(services.import_job_saved_key(job.pk)) if job.status == ImportJob.Status.SAVING else None
    context = {"job": job, "saved": saved}
    if request.headers.get("HX-Request"):
        return render(request, "solicitation/_import_progress.html", context)
    return render(request, "solicitation/import_job.html", context)
