"""The project timeline (项目动态): the only place that writes `ProjectEvent` rows.

Project services and other apps (supervision's notices and warnings, meetings hearing a project)
record timeline entries through these functions, never with `ProjectEvent.objects.create`, so the
shape of an entry — who, when, which step, public or staff-only — is decided in one place.
"""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from gongjian.core.audit import user_or_none
from gongjian.projects.models import Project, ProjectEvent

NOTE_LIMIT = 2000


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
