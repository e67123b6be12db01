"""Every write of the projects area: set-up, transitions, progress, extensions, ratings."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongjian.core.audit import stamp
from gongjian.core.errors import Conflict
from gongjian.core.uploads import check_upload, clean_filename
from gongjian.solicitation.models import Opinion, Problem

from .board_cache import board_changed
from .models import (
    Batch,
    ChangeNotice,
    Extension,
    ProgressAttachment,
    ProgressReport,
    Project,
    ProjectEvent,
    PublishedSnapshot,
    Rating,
)

ACTION_LABELS = {
    "create": "立项",
    "approve": "审批通过并公示",
    "decline": "退回（非本单位职责）",
    "start": "签收并开始实施",
    "report_done": "报告完成",
    "return": "退回重办",
    "close": "销号",
    "progress": "填报进度",
    "change": "变更",
    "extension_request": "申请延期",
    "extension_approve": "延期获批准",
    "extension_reject": "延期未获批准",
    "close_override": "销号（居民多数不满意，经说明后销号）",
    # Written by the supervision area on the project's timeline (internal events).
    "supervision_urge": "催办",
    "supervision_supervise": "督办",
    "supervision_report": "通报",
    "supervision_reply": "督办回复",
    "warning_yellow": "黄色预警",
    "warning_red": "红色预警",
    "warning_lift": "解除预警",
    "meeting": "例会听取汇报",
}


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def batch_get_or_create(*, round, number: int) -> Batch:
    batch, _ = Batch.objects.get_or_create(round=round, number=number,
                                           defaults={"name": f"第{number}批"})
    return batch


@transaction.atomic
def project_create(*, actor, problem: Problem, title: str, lead_unit, handler: str, deadline: date,
                   co_units=(), handler_phone: str = "", budget: Decimal | str | int = 0,
                   fund_source: str = "", key: bool = False, description: str = "",
                   batch_number: int = 1) -> Project:
    """Set up (立项) a project from a class A or B problem, as a draft awaiting approval."""
    errors: dict[str, list[str]] = {}
    if problem.klass not in (Problem.Class.A, Problem.Class.B):
        errors["problem"] = ["只有 A 类（有条件能够解决）或 B 类问题可以立项"]
    if lead_unit.community_id != problem.community_id:
        errors["lead_unit"] = ["牵头单位须是该社区的辖区单位"]
    co_units = [u for u in co_units if u.pk != lead_unit.pk]
    if any(u.community_id != problem.community_id for u in co_units):
        errors["co_units"] = ["协办单位须是该社区的辖区单位"]
    if not (title or "").strip():
        errors["title"] = ["项目名称不能为空"]
    if not (handler or "").strip():
        errors["handler"] = ["请填写承办人"]
    try:
        budget = Decimal(str(budget))
        if budget < 0:
            errors["budget"] = ["预算不能为负数"]
    except Exception:
        errors["budget"] = ["预算须为数字"]
    if errors:
        raise ValidationError(errors)
    project = Project(
        round=problem.round, batch=batch_get_or_create(round=problem.round, number=batch_number),
        problem=problem, community=problem.community, title=title.strip(), description=description,
        lead_unit=lead_unit, handler=handler.strip(), handler_phone=(handler_phone or "").strip(),
        deadline=deadline, budget=budget, fund_source=fund_source, key=key,
    )
    stamp(project, actor, "立项")
    project.save()
    board_changed(project)
    project.co_units.set(co_units)
    ProjectEvent.objects.create(project=project, action="create", to_status=project.status,
                                actor=_user_or_none(actor), note=project.title, public=False)
    return project


@transaction.atomic
def project_transition(*, actor, project: Project, action: str, note: str = "",
                       expected_version: int | None = None, override_note: str = "") -> Project:
    """Apply one step of the state machine (Project.TRANSITIONS). Permission is checked by the caller
    through the policy; this checks the state and the note each step requires.

    `close` is gated: when most residents' ratings are 不满意 it is refused (Conflict) unless
    `override_note` says why the street closes it anyway; otherwise the street `return`s it (不满意重办).
    The first `approve` keeps the project as published (PublishedSnapshot).
    """
    if action not in Project.TRANSITIONS:
        raise ValidationError({"action": [f"未知操作：{action}"]})
    source, target, _roles = Project.TRANSITIONS[action]
    note = (note or "").strip()
    override_note = (override_note or "").strip()
    if action in ("decline", "report_done", "return") and not note:
        messages = {"decline": "请说明退回的理由", "report_done": "请说明完成了哪些工作",
                    "return": "请说明退回重办的理由"}
        raise ValidationError({"note": [messages[action]]})
    project = Project.objects.select_for_update().get(pk=project.pk)
    if expected_version is not None and project.version != expected_version:
        raise Conflict("该项目已被他人修改，请刷新页面后再操作")
    if project.status != source:
        raise Conflict(f"项目当前为“{project.get_status_display()}”，不能执行“{ACTION_LABELS[action]}”")
    event_action = action
    if action == "close":
        from .selectors import rating_summary

        summary = rating_summary(project)
        if summary["mostly_unsatisfied"]:
            if not override_note:
                raise Conflict(
                    f"居民评价多数为不满意（{summary['unsatisfied']}/{summary['total']}），"
                    "请退回重办；如确需销号，请填写销号说明（override_note）")
            event_action = "close_override"
            note = f"{note}（销号说明：{override_note}）" if note else f"销号说明：{override_note}"
    now = timezone.now()
    previous = project.status
    project.status = target
    if action == "approve":
        first_publication = project.approved_at is None
        project.approved_at = project.approved_at or now
    elif action == "report_done":
        project.completed_at = now
        project.completion_note = note
        project.progress = 100
    elif action == "return":
        project.completed_at = None
    elif action == "close":
        project.closed_at = now
    project.version += 1
    stamp(project, actor, f"{ACTION_LABELS[action]}：{note}" if note else ACTION_LABELS[action])
    project.save()
    board_changed(project)
    if action == "approve" and first_publication:
        _snapshot(project, now)
    ProjectEvent.objects.create(project=project, action=event_action, from_status=previous, to_status=target,
                                actor=_user_or_none(actor), note=note, created_at=now)
    return project


def _snapshot(project: Project, when) -> PublishedSnapshot:
    """Keep the project as first published; never overwritten (get_or_create)."""
    snapshot, _ = PublishedSnapshot.objects.get_or_create(
        project=project,
        defaults={
            "batch_id": project.batch_id, "title": project.title,
            "lead_unit_name": project.lead_unit.name,
            "co_unit_names": "、".join(u.name for u in project.co_units.order_by("name")),
            "handler": project.handler, "handler_phone": project.handler_phone,
            "deadline": project.deadline, "budget": project.budget, "key": project.key,
            "published_at": when,
        },
    )
    return snapshot


def _is_published(project: Project) -> bool:
    return project.approved_at is not None


@transaction.atomic
def progress_report(*, actor, project: Project, unit, percent: int, note: str,
                    attachments=()) -> ProgressReport:
    """A progress entry by the lead or a co-unit (permission checked by the caller), with optional
    files: `attachments` is a list of uploaded files (or (file, filename) pairs), see progress_attach."""
    errors = {}
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        errors["percent"] = ["进度须为 0 到 100 之间的整数"]
    if not (note or "").strip():
        errors["note"] = ["请填写进展情况"]
    if errors:
        raise ValidationError(errors)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status not in (Project.Status.APPROVED, Project.Status.IN_PROGRESS):
        raise Conflict(f"项目当前为“{project.get_status_display()}”，只有已公示或实施中的项目可以填报进度")
    report = ProgressReport.objects.create(project=project, unit=unit, percent=percent, note=note.strip(),
                                           reported_by=_user_or_none(actor))
    for item in attachments:
        file, filename = item if isinstance(item, tuple) else (item, getattr(item, "name", ""))
        progress_attach(actor=actor, project=project, file=file, filename=filename, report=report)
    project.progress = percent
    project.version += 1
    stamp(project, actor, f"填报进度 {percent}%")
    project.save(update_fields=["progress", "version", "updated_at"])
    board_changed(project)
    ProjectEvent.objects.create(project=project, action="progress", actor=_user_or_none(actor),
                                note=f"{percent}% {note.strip()}")
    return report


@transaction.atomic
def rating_submit(*, project: Project, receipt_code: str, value: str) -> Rating:
    """A resident's satisfaction rating of a completed project, one per receipt code.

    Raises Opinion.DoesNotExist for an unknown code, ValidationError for a code of another
    community or round, Conflict when the project is not done or the code already rated it.
    """
    if value not in Rating.Value.values:
        raise ValidationError({"rating": ["评价须为 satisfied（满意）、basic（基本满意）或 unsatisfied（不满意）"]})
    opinion = Opinion.objects.get(receipt_code=(receipt_code or "").strip().upper())
    if opinion.community_id != project.community_id or opinion.round_id != project.round_id:
        raise ValidationError({"receipt_code": ["该回执码不属于本项目所在社区的本轮意见，不能评价本项目"]})
    if project.status not in Project.DONE_STATUSES:
        raise Conflict("项目完成后才能评价")
    if Rating.objects.filter(project=project, opinion=opinion).exists():
        raise Conflict("该回执码已评价过本项目")
    try:
        with transaction.atomic():
            rating = Rating.objects.create(project=project, opinion=opinion, value=value)
    except IntegrityError:  # the same code rated it a moment ago (rating_one_per_receipt_code)
        raise Conflict("该回执码已评价过本项目") from None
    board_changed(project)
    return rating


# ------------------------------------------------------------------------------ attachments

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_KINDS = ("jpg", "png", "pdf", "docx", "xlsx")
_ATTACHMENT_STATUSES = (Project.Status.APPROVED, Project.Status.IN_PROGRESS)


@transaction.atomic
def progress_attach(*, actor, project: Project, file, filename: str = "",
                    report: ProgressReport | None = None) -> ProgressAttachment:
    """Keep a photo or file (jpg, png, pdf, docx, xlsx; at most 10 MB) as evidence of a project's
    progress, through Django's storage API. Permission (lead or co-unit) is checked by the caller."""
    from django.core.files import File

    filename = clean_filename(file, filename)
    kind, size = check_upload(file, kinds=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)
    if report is not None and report.project_id != project.pk:
        raise ValidationError({"report": ["该进度记录不属于本项目"]})
    if project.status not in _ATTACHMENT_STATUSES:
        raise Conflict(f"项目当前为“{project.get_status_display()}”，不能再上传进度附件")
    attachment = ProgressAttachment(project=project, report=report, name=filename[:200], kind=kind, size=size,
                                    uploaded_by=_user_or_none(actor))
    attachment.file.save(f"{kind}.{kind}", file if hasattr(file, "chunks") else File(file), save=False)
    attachment.save()
    board_changed(project)
    # If the surrounding transaction rolls back, the stored file stays behind unnamed by any row;
    # Django has no on-rollback hook, and an orphan file is harmless (no row, no URL points at it).
    return attachment


# ------------------------------------------------------------------------------ changes

UPDATABLE_FIELDS = ("title", "description", "lead_unit", "co_units", "handler", "handler_phone", "deadline",
                    "budget", "fund_source", "key")
_NOTICED = {"lead_unit": ChangeNotice.Field.LEAD_UNIT, "handler": ChangeNotice.Field.HANDLER,
            "deadline": ChangeNotice.Field.DEADLINE}


def _notice_value(field: str, value) -> str:
    if field == "deadline":
        return value.isoformat()
    if field == "lead_unit":
        return value.name
    return str(value)


def _record_change(project: Project, field: str, old, new, *, actor, reason: str, when) -> ChangeNotice:
    notice = ChangeNotice.objects.create(
        project=project, field=_NOTICED[field], old_value=_notice_value(field, old)[:200],
        new_value=_notice_value(field, new)[:200], reason=reason, actor=_user_or_none(actor), changed_at=when)
    old_text, new_text = notice.public_values()
    ProjectEvent.objects.create(
        project=project, action="change", actor=_user_or_none(actor), created_at=when,
        note=f"{notice.get_field_display()}由“{old_text}”变更为“{new_text}”" + (f"：{reason}" if reason else ""))
    return notice


@transaction.atomic
def project_update(*, actor, project: Project, expected_version: int | None, note: str = "",
                   **changes) -> Project:
    """Change a project's set-up (unit, co-units, handler, deadline, budget, …).

    Optimistic locking: `expected_version` is the version the editor's page showed; if someone changed
    the project since, Conflict — the first change is kept. Once a project has been published, a change
    of its lead unit, handler or deadline is recorded as a public change notice (ChangeNotice), `note`
    being its reason. A closed project is not changed.
    """
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError({f: ["该项不能修改"] for f in sorted(unknown)})
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors: dict[str, list[str]] = {}
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
        if not changes["title"]:
            errors["title"] = ["项目名称不能为空"]
    if "handler" in changes:
        changes["handler"] = (changes["handler"] or "").strip()
        if not changes["handler"]:
            errors["handler"] = ["请填写承办人"]
    if "handler_phone" in changes:
        changes["handler_phone"] = (changes["handler_phone"] or "").strip()
    if "lead_unit" in changes and changes["lead_unit"].community_id != project.community_id:
        errors["lead_unit"] = ["牵头单位须是该社区的辖区单位"]
    if "co_units" in changes:
        lead_id = changes["lead_unit"].pk if "lead_unit" in changes else project.lead_unit_id
        changes["co_units"] = [u for u in changes["co_units"] if u.pk != lead_id]
        if any(u.community_id != project.community_id for u in changes["co_units"]):
            errors["co_units"] = ["协办单位须是该社区的辖区单位"]
    if "budget" in changes:
        try:
            changes["budget"] = Decimal(str(changes["budget"]))
            if changes["budget"] < 0:
                errors["budget"] = ["预算不能为负数"]
        except (InvalidOperation, ValueError):
            errors["budget"] = ["预算须为数字"]
    if "deadline" in changes and not isinstance(changes["deadline"], date):
        errors["deadline"] = ["日期格式须为 YYYY-MM-DD"]
    if errors:
        raise ValidationError(errors)
    if expected_version is not None and project.version != expected_version:
        raise Conflict("该项目已被他人修改，请刷新页面后再修改（您的修改未保存）")
    if project.status == Project.Status.CLOSED:
        raise Conflict("项目已销号，不能再修改")
    now = timezone.now()
    published = _is_published(project)
    changed = []
    for field, value in changes.items():
        if field == "co_units":
            before = set(project.co_units.values_list("pk", flat=True))
            if before != {u.pk for u in value}:
                project.co_units.set(value)
                changed.append(field)
            continue
        old = getattr(project, field)
        if old == value:
            continue
        if published and field in _NOTICED:
            _record_change(project, field, old, value, actor=actor, reason=(note or "").strip(), when=now)
        setattr(project, field, value)
        changed.append(field)
    if not changed:
        return project
    project.version += 1
    stamp(project, actor, "修改项目：" + "、".join(changed) + (f"（{note.strip()}）" if note.strip() else ""))
    project.save()
    board_changed(project)
    return project


# ------------------------------------------------------------------------------ extensions

@transaction.atomic
def extension_request(*, actor, project: Project, deadline: date, reason: str) -> Extension:
    """The lead unit asks for a later deadline (延期申请); shown publicly with its reason."""
    reason = (reason or "").strip()
    errors = {}
    if not isinstance(deadline, date):
        errors["deadline"] = ["日期格式须为 YYYY-MM-DD"]
    if not reason:
        errors["reason"] = ["请说明延期的理由"]
    if errors:
        raise ValidationError(errors)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if deadline <= project.deadline:
        raise ValidationError({"deadline": [f"申请的时限须晚于现在的时限 {project.deadline.isoformat()}"]})
    if project.status not in (Project.Status.APPROVED, Project.Status.IN_PROGRESS):
        raise Conflict(f"项目当前为“{project.get_status_display()}”，不能申请延期")
    if project.extensions.filter(status=Extension.Status.PENDING).exists():
        raise Conflict("该项目已有一份待审批的延期申请")
    extension = Extension.objects.create(project=project, old_deadline=project.deadline, new_deadline=deadline,
                                         reason=reason, requested_by=_user_or_none(actor))
    board_changed(project)
    ProjectEvent.objects.create(project=project, action="extension_request", actor=_user_or_none(actor),
                                note=f"申请将完成时限由 {project.deadline} 延至 {deadline}：{reason}")
    return extension


@transaction.atomic
def extension_decide(*, actor, extension: Extension, approve: bool, note: str = "") -> Extension:
    """The street or city decides an extension; approved, the project's deadline moves (and, the project
    being published, a public change notice is recorded). A refusal needs a note."""
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": ["不批准延期时请说明理由"]})
    # Lock the project first, then the extension: the same order as extension_request.
    project = Project.objects.select_for_update().get(pk=extension.project_id)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != Extension.Status.PENDING:
        raise Conflict(f"该延期申请已{extension.get_status_display()}，不能再审批")
    now = timezone.now()
    if approve:
        if project.status in Project.DONE_STATUSES:
            raise Conflict(f"项目当前为“{project.get_status_display()}”，无需延期")
        if extension.new_deadline <= project.deadline:
            raise Conflict(f"项目的完成时限已是 {project.deadline}，不早于申请的时限")
        old = project.deadline
        reason = f"延期获批准：{extension.reason}" + (f"（{note}）" if note else "")
        if _is_published(project):
            _record_change(project, "deadline", old, extension.new_deadline, actor=actor, reason=reason, when=now)
        project.deadline = extension.new_deadline
        project.version += 1
        stamp(project, actor, f"批准延期至 {extension.new_deadline}")
        project.save(update_fields=["deadline", "version", "updated_at"])
    extension.status = Extension.Status.APPROVED if approve else Extension.Status.REJECTED
    extension.decided_by = _user_or_none(actor)
    extension.decided_at = now
    extension.decision_note = note
    extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    board_changed(project)
    ProjectEvent.objects.create(
        project=project, action="extension_approve" if approve else "extension_reject",
        actor=_user_or_none(actor), created_at=now,
        note=(f"完成时限延至 {extension.new_deadline}" if approve else "延期申请未获批准") + (f"：{note}" if note else ""))
    return extension
