"""Extensions (延期申请): requested by the lead unit, decided by the street or city, shown publicly."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongjian.core.audit import stamp, user_or_none
from gongjian.projects.board_cache import board_changed
from gongjian.projects.errors import ProjectConflict, WrongState
from gongjian.projects.events import event_record
from gongjian.projects.models import COMMITTED_STATUSES, Extension, Project

from ._locking import is_published, lock_project
from .setup import change_record


class ExtensionPending(ProjectConflict):
    code = "extension_pending"


@transaction.atomic
def extension_request(*, actor, project: Project, deadline: date, reason: str,
                      expected_version: int | None = None) -> Extension:
    """The lead unit asks for a later deadline (延期申请); shown publicly with its reason."""
    reason = (reason or "").strip()
    errors = {}
    if not isinstance(deadline, date):
        errors["deadline"] = ["日期格式须为 YYYY-MM-DD"]
    if not reason:
        errors["reason"] = ["请说明延期的理由"]
    if errors:
        raise ValidationError(errors)
    project = lock_project(project, expected_version)
    if deadline <= project.deadline:
        raise ValidationError({"deadline": [f"申请的时限须晚于现在的时限 {project.deadline.isoformat()}"]})
    if project.status not in COMMITTED_STATUSES:
        raise WrongState(f"项目当前为“{project.get_status_display()}”，不能申请延期")
    if project.extensions.filter(status=Extension.Status.PENDING).exists():
        raise ExtensionPending("该项目已有一份待审批的延期申请")
    extension = Extension.objects.create(project=project, old_deadline=project.deadline, new_deadline=deadline,
                                         reason=reason, requested_by=user_or_none(actor))
    board_changed(project)
    event_record(project=project, action="extension_request", actor=actor,
                 note=f"申请将完成时限由 {project.deadline} 延至 {deadline}：{reason}")
    return extension


@transaction.atomic
def extension_decide(*, actor, extension: Extension, approve: bool, note: str = "",
                     expected_version: int | None = None) -> Extension:
    """The street or city decides an extension; approved, the project's deadline moves (and, the project
    being published, a public change notice is recorded). A refusal needs a note."""
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": ["不批准延期时请说明理由"]})
    # Lock the project first, then the extension: the same order as extension_request.
    project = lock_project(extension.project_id, expected_version)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != Extension.Status.PENDING:
        raise WrongState(f"该延期申请已{extension.get_status_display()}，不能再审批")
    now = timezone.now()
    if approve:
        if project.status in Project.DONE_STATUSES:
            raise WrongState(f"项目当前为“{project.get_status_display()}”，无需延期")
        if extension.new_deadline <= project.deadline:
            raise WrongState(f"项目的完成时限已是 {project.deadline}，不早于申请的时限")
        old = project.deadline
        reason = f"延期获批准：{extension.reason}" + (f"（{note}）" if note else "")
        if is_published(project):
            change_record(project, "deadline", old, extension.new_deadline, actor=actor, reason=reason, when=now)
        project.deadline = extension.new_deadline
        project.version += 1
        stamp(project, actor, f"批准延期至 {extension.new_deadline}")
        project.save(update_fields=["deadline", "version", "updated_at"])
    extension.status = Extension.Status.APPROVED if approve else Extension.Status.REJECTED
    extension.decided_by = user_or_none(actor)
    extension.decided_at = now
    extension.decision_note = note
    extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    board_changed(project)
    event_record(project=project, action="extension_approve" if approve else "extension_reject", actor=actor,
                 at=now,
                 note=(f"完成时限延至 {extension.new_deadline}" if approve else "延期申请未获批准") + (f"：{note}" if note else ""))
    return extension
