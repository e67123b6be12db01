"""The state machine (models.TRANSITIONS) applied: one service for every step."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongjian.core.audit import stamp
from gongjian.core.errors import Conflict, error_text
from gongjian.projects.board_cache import board_changed
from gongjian.projects.errors import CloseNeedsOverride, WrongState
from gongjian.projects.events import transition_recorded
from gongjian.projects.models import TRANSITIONS, Project, PublishedSnapshot
from gongjian.projects.notices import project_step_notify

from ._locking import lock_project

# The steps a street or the city may take on many projects at once, from the lists.
BULK_ACTIONS = ("approve", "close")


@dataclass
class BatchResult:
    done: list[Project] = field(default_factory=list)
    refused: list[tuple[Project, str]] = field(default_factory=list)


def projects_transition_many(*, actor, projects, action: str, note: str = "") -> BatchResult:
    """批量审批 / 批量销号: the same step on each project, each in its own transaction, so that one
    refused project (wrong state, most residents unsatisfied) leaves the others done. Permission is
    checked by the caller for each project, as for one."""
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": [f"“{action}”不能批量办理"]})
    result = BatchResult()
    for project in projects:
        try:
            result.done.append(project_transition(actor=actor, project=project, action=action, note=note))
        except CloseNeedsOverride:
            result.refused.append((project, "多数居民不满意，须逐个说明理由后销号或退回重办"))
        except (Conflict, ValidationError) as exc:
            result.refused.append((project, error_text(exc)))
    return result


MAX_EVIDENCE_FILES = 9


def _refuse_note(step, note: str) -> None:
    if step.note_required and not (note or "").strip():
        raise ValidationError({"note": [step.note_message or "请填写说明"]})


def _refuse_state(step, project: Project) -> None:
    if not step.allowed_from(project.status):
        raise WrongState(f"项目当前为“{project.get_status_display()}”，不能执行“{step.label}”")


@transaction.atomic
def project_report_done(*, actor, project: Project, note: str, evidence=(),
                        expected_version: int | None = None) -> Project:
    """报告完成 with its evidence: the photos and files (佐证材料) the close-out page shows, kept with
    the project (not with a progress entry), then the `report_done` step — all or nothing."""
    from .progress import progress_attach

    evidence = list(evidence)
    if len(evidence) > MAX_EVIDENCE_FILES:
        raise ValidationError({"evidence": [f"一次最多上传 {MAX_EVIDENCE_FILES} 个佐证文件"]})
    step = TRANSITIONS["report_done"]
    _refuse_note(step, note)  # before any file is stored
    project = lock_project(project, expected_version)
    _refuse_state(step, project)
    for item in evidence:
        file, filename = item if isinstance(item, tuple) else (item, getattr(item, "name", ""))
        progress_attach(actor=actor, project=project, file=file, filename=filename)
    return project_transition(actor=actor, project=project, action="report_done", note=note)


@transaction.atomic
def project_transition(*, actor, project: Project, action: str, note: str = "",
                       expected_version: int | None = None, override_note: str = "",
                       quiet: bool = False) -> Project:
    """Apply one step of the state machine (models.TRANSITIONS). Permission is checked by the caller
    through the policy; this checks the state (WrongState), the version (StaleVersion) and the note
    each step requires (ValidationError).

    `close` is gated: when most residents' ratings are 不满意 it is refused (CloseNeedsOverride) unless
    `override_note` says why the street closes it anyway; otherwise the street `return`s it (不满意重办).
    The first `approve` keeps the project as published (PublishedSnapshot). Each step tells the next
    actors (projects.notices); `quiet` is for history entered after the fact (the demo, past rounds),
    which tells nobody.
    """
    step = TRANSITIONS.get(action)
    if step is None:
        raise ValidationError({"action": [f"未知操作：{action}"]})
    note = (note or "").strip()
    override_note = (override_note or "").strip()
    _refuse_note(step, note)
    project = lock_project(project, expected_version)
    _refuse_state(step, project)
    event_action = action
    if action == "close":
        from gongjian.projects.selectors import rating_summary

        summary = rating_summary(project)
        if summary["mostly_unsatisfied"]:
            if not override_note:
                raise CloseNeedsOverride(summary)
            event_action = "close_override"
            note = f"{note}（销号说明：{override_note}）" if note else f"销号说明：{override_note}"
    now = timezone.now()
    previous = project.status
    project.status = step.target
    first_publication = False
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
    stamp(project, actor, f"{step.label}：{note}" if note else step.label)
    project.save()
    board_changed(project)
    if first_publication:
        _snapshot(project, now)
    transition_recorded(project=project, transition_action=event_action, actor=actor, note=note,
                        from_status=previous, at=now)
    if not quiet:
        project_step_notify(project=project, action=event_action, actor=actor, note=note)
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
            "deadline": project.deadline, "budget": project.budget, "is_key": project.is_key,
            "published_at": when,
        },
    )
    return snapshot
