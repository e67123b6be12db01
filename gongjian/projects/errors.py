"""The refusals of the projects area that callers branch on, each a `Conflict` (HTTP 409) with a code.

A page or API handler catches the type it handles (`CloseNeedsOverride`: ask for the reason on the
same page) instead of reading the message text again (the spirit of Zulip's zerver/lib/exceptions.py).
"""

from gongjian.core.errors import Conflict


class ProjectConflict(Conflict):
    code = "conflict"


class StaleVersion(ProjectConflict):
    """The project changed since the page (or API client) read it: the first change is kept."""

    code = "stale_version"

    def __init__(self, message: str = "该项目已被他人修改，请刷新页面后再操作"):
        super().__init__(message)


class WrongState(ProjectConflict):
    """The step is not possible in the project's current status."""

    code = "wrong_state"


class CloseNeedsOverride(ProjectConflict):
    """销号 of a project most residents rated 不满意: refused unless the street says why (override_note)."""

    code = "close_needs_override"

    def __init__(self, summary: dict):
        super().__init__(f"居民评价多数为不满意（{summary['unsatisfied']}/{summary['total']}），"
                         "请退回重办；如确需销号，请填写销号说明（override_note）")
        self.summary = summary
