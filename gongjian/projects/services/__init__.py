"""Every write of the projects area, one module per sub-domain: set-up and changes, the state
machine, progress and evidence, extensions, residents' ratings. Import from here
(`from gongjian.projects import services; services.project_transition(...)`)."""

from .extensions import extension_decide, extension_request
from .progress import (
    ATTACHMENT_KINDS,
    MAX_ATTACHMENT_BYTES,
    attachment_set_public,
    progress_attach,
    progress_report,
)
from .ratings import rating_submit
from .setup import (
    UPDATABLE_FIELDS,
    batch_create,
    batch_get_or_create,
    batch_update,
    project_create,
    project_update,
)
from .transitions import BULK_ACTIONS, project_report_done, project_transition, projects_transition_many

__all__ = [
    "ATTACHMENT_KINDS", "BULK_ACTIONS", "MAX_ATTACHMENT_BYTES", "UPDATABLE_FIELDS", "attachment_set_public",
    "batch_create",
    "batch_get_or_create", "batch_update", "extension_decide", "extension_request", "progress_attach",
    "progress_report", "project_create", "project_report_done", "project_transition", "project_update",
    "projects_transition_many", "rating_submit",
]
