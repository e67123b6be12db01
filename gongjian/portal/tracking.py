"""The journey of a resident's opinion as the tracking page shows it: each step with its date.

Dates come from the records themselves (the opinion's history for the merge or rejection, the
problem's classification time, the project's public timeline events); staff-only events never show.
A fixed number of queries whatever the project's history.
"""

from gongjian.projects.models import Project, ProjectEvent, Rating
from gongjian.solicitation.models import Opinion

# Public project events that are steps of a resident's journey, in the tracking page's words.
PROJECT_STEPS = {
    "approve": "已立项并公示",
    "start": "牵头单位已签收，开始实施",
    "report_done": "牵头单位报告完成",
    "return": "退回重办",
    "close": "已销号（办结）",
}


def _status_changed_at(opinion: Opinion, status: str):
    """When the opinion first took `status`, from its history (None when history has no such row)."""
    return (opinion.history.filter(status=status).order_by("history_date", "history_id")
            .values_list("history_date", flat=True).first())


def opinion_journey(opinion: Opinion, state: dict) -> list[dict]:
    """The steps of `opinion` (state: solicitation.selectors.opinion_public_status) as dicts:
    label, at (a date or datetime, or None while waiting), kind (done, stop, wait), detail."""
    steps = [{"label": "已收到您的意见", "at": opinion.received_on, "kind": "done", "detail": ""}]
    if state["status"] == Opinion.Status.PENDING:
        steps.append({"label": "社区正在梳理筛选，请耐心等待", "at": None, "kind": "wait", "detail": ""})
        return steps
    if state["status"] == Opinion.Status.REJECTED:
        steps.append({"label": "不予采纳", "at": _status_changed_at(opinion, Opinion.Status.REJECTED),
                      "kind": "stop", "detail": f"理由：{state['reject_reason']}"})
        return steps
    problem = state["problem"]
    steps.append({"label": f"已归并为问题 {problem['archive_no']}", "kind": "done", "detail": problem["title"],
                  "at": _status_changed_at(opinion, Opinion.Status.MERGED)})
    if problem["class"]:
        detail = ""
        if problem["class"] == "C" and problem["note"]:
            detail = f"说明：{problem['note']}"
        elif problem["class"] == "B":
            detail = "短期内难以解决，下一轮继续跟踪。"
        steps.append({"label": f"分类：{problem['class']} 类（{problem['class_label']}）", "detail": detail,
                      "at": opinion.problem.classified_at, "kind": "stop" if problem["class"] == "C" else "done"})
    else:
        steps.append({"label": "正在分类", "at": None, "kind": "wait", "detail": ""})
    project = state["project"]
    if project is None:
        return steps
    events = (ProjectEvent.objects.filter(project_id=project["id"], public=True, action__in=PROJECT_STEPS)
              .order_by("created_at", "id").values("action", "created_at", "note"))
    seen, first_project_step = set(), len(steps)
    for e in events:
        if e["action"] == "approve" and "approve" in seen:
            continue  # approved again after a decline: the first publication is the step
        seen.add(e["action"])
        steps.append({"label": PROJECT_STEPS[e["action"]], "at": e["created_at"], "detail": "",
                      "kind": "stop" if e["action"] == "return" else "done"})
    if "approve" not in seen:  # projects imported or set up before the timeline recorded approvals
        approved_at = Project.objects.filter(pk=project["id"]).values_list("approved_at", flat=True).first()
        steps.insert(first_project_step, {"label": PROJECT_STEPS["approve"], "at": approved_at,
                                              "kind": "done", "detail": ""})
    return steps


def rating_of(opinion: Opinion, project_id: int) -> Rating | None:
    """The rating this receipt code already gave the project, if any."""
    return Rating.objects.filter(project_id=project_id, opinion=opinion).first()
