"""Serving progress attachments (photos and files) only to those who may see them.

Files are never linked under MEDIA_URL: pages and the API link to `attachment`, which checks the
project's policy and then hands the file over — by `X-Accel-Redirect` to nginx's internal location
when GONGJIAN_ACCEL_REDIRECT_PREFIX is set (the deployment), or as a plain file response (development).
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from gongjian import permissions

from .models import ProgressAttachment, Project

_CONTENT_TYPES = {
    "jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
    content_type = _CONTENT_TYPES.get(item.kind, "application/octet-stream")
    disposition = "inline" if item.is_image or item.kind == "pdf" else "attachment"
    filename = f"{disposition}; filename*=UTF-8''{quote(item.name)}"
    prefix = getattr(settings, "GONGJIAN_ACCEL_REDIRECT_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(item.file.name)
    else:
        try:
            response = FileResponse(item.file.open("rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404("文件不存在") from None
    response["Content-Disposition"] = filename
    response["X-Content-Type-Options"] = "nosniff"
    # Private to the browser: a shared cache must not hand a staff file to the next visitor.
    response["Cache-Control"] = "private, max-age=3600"
    return response
