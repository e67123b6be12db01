"""The project timeline (项目动态): the only place that writes `ProjectEvent` rows.

Project services and other apps (supervision's notices and warnings, meetings hearing a project)
record timeline entries through these functions, never with `ProjectEvent.objects.create`, so the
shape of an entry — who, when, which step, public or staff-only — is decided in one place. The
label of every kind of entry is here too (a transition's is its row in models.TRANSITIONS).
"""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from gongjian.core.audit import user_or_none
from gongjian.projects.models import TRANSITIONS, Project, ProjectEvent

NOTE_LIMIT = 2000

# Entries that are not a step of the state machine.
EVENT_LABELS = {
    "create": "立项",
    "progress": "填报进度",
    "change": "变更",
    "extension_request": "申请延期",
    "extension_approve": "延期获批准",
    "extension_reject": "延期未获批准",
    "close_override": "销号（居民多数不满意，经说明后销号）",
    "photo_public": "照片公开展示",
    "photo_private": "照片取消公开",
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


def event_label(action: str) -> str:
    """The timeline's wording of an entry's action."""
    if action in TRANSITIONS:
        return TRANSITIONS[action].label
    return EVENT_LABELS.get(action, action)


def event_record(*, project: Project, action: str, actor=None, note: str = "", from_status: str = "",
                 to_status: str = "", public: bool = True, at: datetime | None = None) -> ProjectEvent:
    """One timeline entry for `project`; call inside the service's transaction. `at`: when it happened,
    for a step entered after the fact (补录); now by default."""
    return ProjectEvent.objects.create(project=project, action=action, actor=user_or_none(actor),
                                       note=(note or "")[:NOTE_LIMIT], from_status=from_status,
                                       to_status=to_status, public=public, created_at=at or timezone.now())


def events_record_many(*, project_ids: Iterable[int], action: str, actor=None, note: str = "",
                       public: bool = False, at: datetime | None = None) -> list[ProjectEvent]:
    """The same entry on several projects in one query (a meeting hears many projects at once)."""
    at = at or timezone.now()
    rows = [ProjectEvent(project_id=pid, action=action, actor=user_or_none(actor), note=(note or "")[:NOTE_LIMIT],
                         public=public, created_at=at) for pid in project_ids]
    return ProjectEvent.objects.bulk_create(rows)


def transition_recorded(*, project: Project, transition_action: str, actor, note: str, from_status: str,
                        at) -> ProjectEvent:
    """A step of the state machine on the timeline (public: residents follow it on the board)."""
    return event_record(project=project, action=transition_action, actor=actor, note=note,
                        from_status=from_status, to_status=project.status, at=at)


def labelled(events) -> list:
    """Timeline rows (models or dicts) with their label set, for pages."""
    out = list(events)
    for e in out:
        if isinstance(e, dict):
            e["label"] = event_label(e["action"])
        else:
            e.label = event_label(e.action)
    return out
