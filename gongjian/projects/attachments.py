"""Serving progress attachments (photos and files) only to those who may see them.

Files are never linked under MEDIA_URL: pages and the API link to `attachment`, which checks the
project's policy and then hands the file over — by `X-Accel-Redirect` to nginx's internal location
when GONGJIAN_ACCEL_REDIRECT_PREFIX is set (the deployment), or as a plain file response (development).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from gongjian import permissions
from gongjian.core.files import file_response

from .models import ProgressAttachment, Project


def may_see_attachment(user, attachment: ProgressAttachment) -> bool:
    """Staff and units who may see the project see all its files; anyone else only the photos of a
    project on the public board (its progress is public; documents may hold personal data)."""
    project = attachment.project
    if getattr(user, "is_authenticated", False) and permissions.can(user, "view", project):
        return True
    return attachment.is_image and project.status in Project.PUBLIC_STATUSES


@require_GET
def attachment(request, pk: int):
    """One attachment's bytes; 404 for an id the user may not see, as for one that does not exist."""
    if pk >= 2**63:
        raise Http404("文件不存在")
    item = get_object_or_404(ProgressAttachment.objects.select_related("project"), pk=pk)
    if not may_see_attachment(request.user, item):
        raise Http404("文件不存在")
    return file_response(item.file, name=item.name, kind=item.kind)


@require_GET
def thumbnail(request, pk: int):
    """A photo's thumbnail, to whoever may see the photo; a file with no thumbnail is a 404."""
    if pk >= 2**63:
        raise Http404("文件不存在")
    item = get_object_or_404(ProgressAttachment.objects.select_related("project"), pk=pk)
    if not item.thumbnail or not may_see_attachment(request.user, item):
        raise Http404("文件不存在")
    return file_response(item.thumbnail, name=f"thumb-{item.pk}.jpg", kind="jpg")
