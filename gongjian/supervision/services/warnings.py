"""Project warnings (黄色预警 / 红色预警): raised on a published project not yet done, lifted by hand.
Each is on the project's staff-only timeline (through projects.events)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongjian.accounts.recipients import leaders, street_users, unit_users
from gongjian.core.audit import stamp, user_or_none
from gongjian.core.errors import Conflict
from gongjian.notifications.services import notify
from gongjian.projects.events import event_record
from gongjian.projects.models import Project
from gongjian.supervision.models import ProjectWarning

from .calendar import moment


@transaction.atomic
def warning_raise(*, actor, project: Project, level: str, reason: str, note: str = "",
                  raised_on: date | None = None) -> ProjectWarning:
    """Raise a 黄色预警 or 红色预警 on a project; the street and the leader are told."""
    errors: dict = {}
    if level not in ProjectWarning.Level.values:
        errors["level"] = ["预警级别须为 yellow（黄色）或 red（红色）"]
    if reason not in ProjectWarning.Reason.values:
        errors["reason"] = ["预警原因取值无效"]
    if errors:
        raise ValidationError(errors)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status in Project.DONE_STATUSES or project.status == Project.Status.DRAFT:
        raise Conflict(f"项目当前为“{project.get_status_display()}”，不需要预警")
    raised_on = raised_on or timezone.localdate()
    warning = ProjectWarning(project=project, community_id=project.community_id, unit_id=project.lead_unit_id,
                             level=level, reason=reason, note=(note or "").strip(), raised_on=raised_on,
                             raised_by=user_or_none(actor))
    stamp(warning, actor, f"发出{warning.get_level_display()}")
    try:
        with transaction.atomic():
            warning.save()
    except IntegrityError:
        raise Conflict(f"该项目已有有效的{warning.get_level_display()}") from None
    label = warning.get_level_display()
    event_record(project=project, action=f"warning_{level}", actor=actor, public=False, at=moment(raised_on),
                 note=f"{label}（{warning.get_reason_display()}）{warning.note}")
    notify(recipients=street_users(project.community_id) + leaders(project.community_id)
            + unit_users(project.lead_unit_id),
            kind="warning", object_type="warning", object_id=warning.pk, period="raised",
            title=f"【{label}】{project.title}", body=f"{warning.get_reason_display()}。{warning.note}",
            url=f"/staff/projects/{project.pk}/")
    return warning


@transaction.atomic
def warning_lift(*, actor, warning: ProjectWarning, note: str = "") -> ProjectWarning:
    warning = ProjectWarning.objects.select_for_update().select_related("project").get(pk=warning.pk)
    if not warning.active:
        raise Conflict("该预警已解除")
    warning.active = False
    warning.lifted_at = timezone.now()
    warning.lift_note = (note or "").strip()
    stamp(warning, actor, "解除预警")
    warning.save()
    event_record(project=warning.project, action="warning_lift", actor=actor, public=False,
                 note=f"解除{warning.get_level_display()}：{warning.lift_note}")
    return warning
