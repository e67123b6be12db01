"""Every project step tells the next person (API.md › notifications): who is told of which step.

Called by the project services inside their transaction (`project_create`, `project_transition`);
the message lands in each recipient's inbox and is e-mailed after the commit (notifications.notify).
The actor is never told of their own step.
"""

from django.urls import reverse

from gongjian.accounts.recipients import community_users, street_users, unit_users
from gongjian.notifications.models import Notification
from gongjian.notifications.services import notify
from gongjian.projects.events import event_label
from gongjian.projects.models import Project


def _units(project: Project) -> list[int]:
    ids = unit_users(project.lead_unit_id)
    for unit_id in project.co_units.values_list("pk", flat=True):
        ids += unit_users(unit_id)
    return ids


# step → (who is told, what the message asks of them)
STEPS = {
    "create": (lambda p: street_users(p.community_id), "新立项目待审批"),
    "resubmit": (lambda p: street_users(p.community_id), "退回的项目已修改，重新提交审批"),
    "withdraw": (lambda p: street_users(p.community_id), "社区已撤回立项"),
    "send_back": (lambda p: community_users(p.community_id), "项目被退回修改"),
    "decline": (lambda p: street_users(p.community_id) + community_users(p.community_id),
                "牵头单位退回了交办的项目，请重新交办"),
    "approve": (_units, "新交办的项目待签收"),
    "report_done": (lambda p: community_users(p.community_id) + street_users(p.community_id),
                    "项目已报告完成，待验收销号"),
    "return": (lambda p: unit_users(p.lead_unit_id), "项目被退回重办"),
    "close": (lambda p: community_users(p.community_id) + _units(p), "项目已销号"),
}


def project_step_notify(*, project: Project, action: str, actor=None, note: str = "") -> int:
    """Tell the next actors of `project` that `action` happened; how many messages were new."""
    step = STEPS.get("close" if action == "close_override" else action)
    if step is None:
        return 0
    recipients, headline = step
    actor_id = getattr(actor, "pk", None)
    ids = [uid for uid in dict.fromkeys(recipients(project)) if uid != actor_id]
    if not ids:
        return 0
    body = f"{project.community.name}：{project.title}（{event_label(action)}）"
    if note:
        body += f"\n说明：{note}"
    return notify(recipients=ids, kind=Notification.Kind.PROJECT_STEP, object_type="project",
                  object_id=project.pk, title=f"{headline}：{project.title}"[:200], body=body,
                  url=reverse("projects:detail", args=[project.pk]))
