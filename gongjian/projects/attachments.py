"""Serving progress attachments (photos and files) only to those who may see them.

Files are never linked under MEDIA_URL: pages and the API link to `attachment`, which checks the
project's policy and then hands the file over — by `X-Accel-Redirect` to nginx's internal location
when GONGJIAN_ACCEL_REDIRECT_PREFIX is set (the deployment), or as a plain file response (development).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from gongjian import permissions
from gongjian.core.errors import error_text
from gongjian.core.files import file_response

from . import services
from .models import ProgressAttachment, Project


def may_see_attachment(user, attachment: ProgressAttachment) -> bool:
    """Staff and units who may see the project see all its files; anyone else only the photos that
    street or city staff marked public (attachment_set_public) of a project on the public board
    (documents may hold personal data, and an unchosen photo may show a face or a door number)."""
    project = attachment.project
    if getattr(user, "is_authenticated", False) and permissions.can(user, "view", project):
        return True
    return attachment.public and attachment.is_image and project.status in Project.PUBLIC_STATUSES


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


@login_required
@require_POST
def set_public(request, pk: int):
    """Street or city staff show a photo of the work on the public project page (public=1) or stop
    showing it (public=0); the photo is looked up inside the projects the user sees."""
    if pk >= 2**63:
        raise Http404("文件不存在")
    visible = permissions.visible(request.user, Project)
    item = get_object_or_404(ProgressAttachment.objects.select_related("project").filter(project__in=visible), pk=pk)
    public = request.POST.get("public") == "1"
    try:
        services.attachment_set_public(actor=request.user, attachment=item, public=public)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"照片“{item.name}”{'已在公示页展示' if public else '已不在公示页展示'}")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("projects:detail", args=[item.project_id])
    return redirect(target)
