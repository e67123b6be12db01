"""待办: the signed-in user's to-do list — what waits for them, by kind, with the page that lists it.

Each kind is one rule for the roles that act on it (API.md `todo`). Counts start from the visible rows
of the permission module, and project rules come from `ProjectQuerySet` (overdue, due soon), so the
to-do list agrees with every other surface.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.projects.models import ProgressReport, Project
from gongjian.solicitation.models import Opinion, Round
from gongjian.supervision.models import Supervision

# A lead unit that has reported nothing for this long is reminded to report (进度填报).
PROGRESS_DUE_DAYS = 30


@dataclass(frozen=True)
class TodoGroup:
    kind: str
    label: str
    count: int
    url: str


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def _led(user, scope):
    """Projects the user's unit leads (a unit acts on what it leads; co-units report progress only)."""
    return permissions.visible(user, Project).filter(lead_unit_id=scope.unit_id)


def progress_due(projects, today):
    """In-progress projects with no progress report (nor start) in the last PROGRESS_DUE_DAYS days."""
    since = timezone.make_aware(timezone.datetime.combine(today - timedelta(days=PROGRESS_DUE_DAYS),
                                                          timezone.datetime.min.time()))
    recent = ProgressReport.objects.filter(project=OuterRef("pk"), created_at__gte=since)
    return (projects.filter(status=Project.Status.IN_PROGRESS)
            .filter(~Exists(recent), Q(approved_at__lt=since) | Q(approved_at__isnull=True)))


def todo_for(user, today=None) -> list[TodoGroup]:
    """The user's to-do groups, non-empty ones only, in the order the work is done."""
    today = today or timezone.localdate()
    scope = permissions.scope_of(user)
    role = scope.role
    projects = permissions.visible(user, Project)
    groups: list[TodoGroup] = []

    def add(kind, label, qs, url):
        count = qs.count()
        if count:
            groups.append(TodoGroup(kind, label, count, url))

    if role == Role.COMMUNITY:
        add("opinion_screen", "待筛选的意见",
            permissions.visible(user, Opinion).filter(
                status=Opinion.Status.PENDING,
                round__status__in=[Round.Status.OPEN, Round.Status.SCREENING]),
            _url("solicitation:workbench"))
        add("project_resubmit", "退回修改的项目", projects.filter(status=Project.Status.RETURNED),
            _url("projects:board", status=Project.Status.RETURNED))
    if role in (Role.STREET, Role.CITY):
        add("project_approve", "待审批的项目", projects.filter(status=Project.Status.DRAFT),
            _url("projects:board", status=Project.Status.DRAFT))
        add("project_close", "待销号的项目", projects.filter(status=Project.Status.COMPLETED),
            _url("projects:closeout"))
    if role == Role.UNIT:
        led = _led(user, scope)
        add("project_accept", "待签收的项目", led.filter(status=Project.Status.APPROVED),
            _url("projects:my_projects"))
        add("project_progress_due", f"超过 {PROGRESS_DUE_DAYS} 天未填报进度", progress_due(led, today),
            _url("projects:my_projects"))
        add("supervision_reply", "待回复的督办单",
            permissions.visible(user, Supervision).filter(unit_id=scope.unit_id,
                                                          status=Supervision.Status.AWAITING),
            _url("supervision:home"))
        add("project_due_soon", "7 天内到期的项目", led.due_soon(today), _url("projects:my_projects"))
        add("project_overdue", "已逾期的项目", led.overdue(today), _url("projects:my_projects"))
    elif role:
        add("project_due_soon", "7 天内到期的项目", projects.due_soon(today),
            _url("projects:board", due_soon=1))
        add("project_overdue", "已逾期的项目", projects.overdue(today), _url("projects:board", overdue=1))
    return groups


@dataclass
class CommunityGlance:
    """One community at a glance for its liaison or contact leader (one screen on a phone)."""

    community: object
    open_projects: int = 0
    overdue: int = 0
    due_soon: int = 0
    awaiting_reply: int = 0
    follow_ups_due: int = 0
    meeting: str = ""  # this month's chair meeting: held, scheduled, or "" (not arranged)

    @property
    def needs_attention(self) -> bool:
        return bool(self.overdue or self.awaiting_reply or self.follow_ups_due or not self.meeting)


def communities_at_a_glance(user, today=None) -> list[CommunityGlance]:
    """联络员、联系领导: each of their communities — projects open, overdue and due soon, supervision
    notices awaiting a unit's reply, meeting follow-ups past due, and this month's chair meeting. Five
    queries whatever the number of communities; the rules are the projects' and supervision's own."""
    from django.db.models import Count

    from gongjian.projects.models import due_soon_q, overdue_q
    from gongjian.supervision.models import FollowUp, Meeting

    today = today or timezone.localdate()
    communities = list(permissions.communities_in_scope(user).order_by("street__code", "code")[:50])
    rows = {c.pk: CommunityGlance(c) for c in communities}
    ids = list(rows)
    if not ids:
        return []
    counts = (Project.objects.open().filter(community_id__in=ids).values("community_id")
              .annotate(n=Count("id"), late=Count("id", filter=overdue_q(today)),
                        soon=Count("id", filter=due_soon_q(today))))
    for c in counts:
        row = rows[c["community_id"]]
        row.open_projects, row.overdue, row.due_soon = c["n"], c["late"], c["soon"]
    for cid, n in (Supervision.objects.filter(community_id__in=ids, status=Supervision.Status.AWAITING)
                   .values("community_id").annotate(n=Count("id")).values_list("community_id", "n")):
        rows[cid].awaiting_reply = n
    for cid, n in (FollowUp.objects.filter(community_id__in=ids, status=FollowUp.Status.OPEN, due_on__lt=today)
                   .values("community_id").annotate(n=Count("id")).values_list("community_id", "n")):
        rows[cid].follow_ups_due = n
    month = today.replace(day=1)
    for cid, status in (Meeting.objects.filter(community_id__in=ids, kind=Meeting.Kind.CHAIR, month=month)
                        .values_list("community_id", "status")):
        if rows[cid].meeting != Meeting.Status.HELD:
            rows[cid].meeting = status
    return list(rows.values())


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return user.notifications.filter(read_at__isnull=True).count()
