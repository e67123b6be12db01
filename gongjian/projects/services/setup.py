"""Set-up (立项) and later changes of a project's details, with public change notices (变更公示)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongjian.core.audit import stamp, user_or_none
from gongjian.core.errors import Conflict
from gongjian.projects.board_cache import board_changed
from gongjian.projects.errors import StaleVersion, WrongState
from gongjian.projects.events import event_record
from gongjian.projects.models import Batch, ChangeNotice, Project
from gongjian.projects.notices import project_step_notify
from gongjian.solicitation.models import Problem, Round

from ._locking import is_published, lock_project


def batch_get_or_create(*, round, number: int) -> Batch:
    batch, _ = Batch.objects.get_or_create(round=round, number=number,
                                           defaults={"name": f"第{number}批"})
    return batch


@transaction.atomic
def batch_create(*, actor, round, number: int | None = None, name: str = "") -> Batch:
    """A new batch (批次) of a round; the number defaults to the next one. Not in a closed round."""
    round = Round.objects.select_for_update().get(pk=round.pk)  # numbers given one at a time per round
    if round.status == Round.Status.CLOSED:
        raise Conflict(f"“{round.name}”已结束，不能再新增批次")
    taken = set(Batch.objects.filter(round=round).values_list("number", flat=True))
    if number is None:
        number = max(taken, default=0) + 1
    if not 1 <= number <= 999:
        raise ValidationError({"number": ["批次号须为 1 到 999 的整数"]})
    if number in taken:
        raise ValidationError({"number": [f"“{round.name}”已有第{number}批"]})
    name = (name or "").strip() or f"第{number}批"
    if len(name) > 100:
        raise ValidationError({"name": ["批次名称不能超过 100 个字"]})
    batch = Batch(round=round, number=number, name=name)
    stamp(batch, actor, "新增批次")
    batch.save()
    return batch


@transaction.atomic
def batch_update(*, actor, batch: Batch, name: str) -> Batch:
    """Rename a batch. Its number stays: projects and reports refer to 第N批."""
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["请填写批次名称，如“第一批”"]})
    if len(name) > 100:
        raise ValidationError({"name": ["批次名称不能超过 100 个字"]})
    batch.name = name
    stamp(batch, actor, "修改批次")
    batch.save(update_fields=["name", "updated_at"])
    return batch


@transaction.atomic
def project_create(*, actor, problem: Problem, title: str, lead_unit, handler: str, deadline: date,
                   co_units=(), handler_phone: str = "", budget: Decimal | str | int = 0,
                   fund_source: str = "", is_key: bool = False, description: str = "",
                   batch_number: int = 1, today: date | None = None, quiet: bool = False) -> Project:
    """Set up (立项) a project from a class A or B problem, as a draft awaiting approval, and tell the
    street. A deadline before `today` is refused (the project would be overdue at birth); history
    entered after the fact (the demo, past rounds) passes the day it was set up as `today` and
    `quiet` so that nobody is told."""
    errors: dict[str, list[str]] = {}
    today = today or timezone.localdate()
    if deadline is None:
        errors["deadline"] = ["请填写完成时限"]
    elif deadline < today:
        errors["deadline"] = [f"完成时限不能早于今天（{today:%Y-%m-%d}）"]
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
    except (InvalidOperation, ValueError):
        errors["budget"] = ["预算须为数字"]
    if errors:
        raise ValidationError(errors)
    project = Project(
        round=problem.round, batch=batch_get_or_create(round=problem.round, number=batch_number),
        problem=problem, community=problem.community, title=title.strip(), description=description,
        lead_unit=lead_unit, handler=handler.strip(), handler_phone=(handler_phone or "").strip(),
        deadline=deadline, budget=budget, fund_source=fund_source, is_key=is_key,
    )
    stamp(project, actor, "立项")
    project.save()
    board_changed(project)
    project.co_units.set(co_units)
    event_record(project=project, action="create", to_status=project.status, actor=actor, note=project.title,
                 public=False)
    if not quiet:
        project_step_notify(project=project, action="create", actor=actor)
    return project


UPDATABLE_FIELDS = ("title", "description", "lead_unit", "co_units", "handler", "handler_phone", "deadline",
                    "budget", "fund_source", "is_key")
_NOTICED = {"lead_unit": ChangeNotice.Field.LEAD_UNIT, "handler": ChangeNotice.Field.HANDLER,
            "deadline": ChangeNotice.Field.DEADLINE}


def _notice_value(field: str, value) -> str:
    if field == "deadline":
        return value.isoformat()
    if field == "lead_unit":
        return value.name
    return str(value)


def change_record(project: Project, field: str, old, new, *, actor, reason: str, when) -> ChangeNotice:
    """A change of a published project's lead unit, handler or deadline: a public change notice and
    its timeline entry. Call inside the changing service's transaction."""
    notice = ChangeNotice.objects.create(
        project=project, field=_NOTICED[field], old_value=_notice_value(field, old)[:200],
        new_value=_notice_value(field, new)[:200], reason=reason, actor=user_or_none(actor), changed_at=when)
    old_text, new_text = notice.public_values()
    event_record(project=project, action="change", actor=actor, at=when,
                 note=f"{notice.get_field_display()}由“{old_text}”变更为“{new_text}”" + (f"：{reason}" if reason else ""))
    return notice


def _clean_changes(project: Project, changes: dict) -> dict:
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
    if "deadline" in changes:
        if not isinstance(changes["deadline"], date):
            errors["deadline"] = ["日期格式须为 YYYY-MM-DD"]
        elif changes["deadline"] != project.deadline and changes["deadline"] < timezone.localdate():
            errors["deadline"] = [f"完成时限不能改到今天（{timezone.localdate():%Y-%m-%d}）之前"]
    if errors:
        raise ValidationError(errors)
    return changes


@transaction.atomic
def project_update(*, actor, project: Project, expected_version: int | None, note: str = "",
                   **changes) -> Project:
    """Change a project's set-up (unit, co-units, handler, deadline, budget, …).

    Optimistic locking: `expected_version` is the version the editor's page showed; if someone changed
    the project since, StaleVersion — the first change is kept. Once a project has been published, a
    change of its lead unit, handler or deadline is recorded as a public change notice (ChangeNotice),
    `note` being its reason. A closed project is not changed.
    """
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError({f: ["该项不能修改"] for f in sorted(unknown)})
    project = lock_project(project)
    changes = _clean_changes(project, changes)  # bad input answers before a stale version
    if expected_version is not None and project.version != expected_version:
        raise StaleVersion("该项目已被他人修改，请刷新页面后再修改（您的修改未保存）")
    if project.status in (Project.Status.CLOSED, Project.Status.WITHDRAWN):
        raise WrongState(f"项目{project.get_status_display()}，不能再修改")
    now = timezone.now()
    published = is_published(project)
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
            change_record(project, field, old, value, actor=actor, reason=(note or "").strip(), when=now)
        setattr(project, field, value)
        changed.append(field)
    if not changed:
        return project
    project.version += 1
    stamp(project, actor, "修改项目：" + "、".join(changed) + (f"（{note.strip()}）" if note.strip() else ""))
    project.save()
    board_changed(project)
    return project
