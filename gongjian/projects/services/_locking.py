"""Optimistic locking shared by every service that changes a project."""

from gongjian.projects.errors import StaleVersion
from gongjian.projects.models import Project


def lock_project(project_or_id, expected_version: int | None = None, *,
                 stale_message: str | None = None) -> Project:
    """The project row locked for this transaction; StaleVersion when `expected_version` (the version
    the caller's page or API answer showed) is given and someone changed the project since."""
    pk = getattr(project_or_id, "pk", project_or_id)
    project = Project.objects.select_for_update().get(pk=pk)
    if expected_version is not None and project.version != expected_version:
        raise StaleVersion(*([stale_message] if stale_message else []))
    return project


def is_published(project: Project) -> bool:
    return project.approved_at is not None
