"""Every write of the supervision area, one module per sub-domain (Zulip's zerver/actions):

- notices.py      督办单: issue, reply, escalate 催办 → 督办 → 通报
- warnings.py     预警: raise, lift
- chairs.py       轮值主席: propose, recommend, rotate
- meetings.py     例会: schedule, attendance, minutes, decisions, follow-up items
- committees.py   联系点 and the coordination committee's members

Keyword-only, one transaction each; the caller checks permission through the policy
(gongjian.supervision.permissions). Timeline rows are written only through gongjian.projects.events.
Callers import the sub-module (`from gongjian.supervision.services import notices`); the names below
are re-exported for older callers.
"""

from .calendar import add_months, first_of_month
from .chairs import (
    ChairProposal,
    chair_cycle,
    chair_propose_next,
    chair_recommend,
    chair_rotate,
    current_chair,
)
from .committees import committee_member_add, committee_member_retire, contact_point_create
from .meetings import (
    AGENDA_STATUSES,
    decision_follow_up,
    follow_up_complete,
    meeting_add_decision,
    meeting_record_attendance,
    meeting_record_minutes,
    meeting_schedule,
    open_projects,
)
from .notices import (
    REPLY_DAYS,
    supervision_escalate,
    supervision_escalate_overdue,
    supervision_issue,
    supervision_reply,
)
from .warnings import warning_lift, warning_raise

__all__ = [
    "AGENDA_STATUSES", "REPLY_DAYS", "ChairProposal", "add_months", "chair_cycle", "chair_propose_next",
    "chair_recommend", "chair_rotate", "committee_member_add", "committee_member_retire", "contact_point_create",
    "current_chair", "decision_follow_up", "first_of_month", "follow_up_complete", "meeting_add_decision",
    "meeting_record_attendance", "meeting_record_minutes", "meeting_schedule", "open_projects",
    "supervision_escalate", "supervision_escalate_overdue", "supervision_issue", "supervision_reply",
    "warning_lift", "warning_raise",
]
