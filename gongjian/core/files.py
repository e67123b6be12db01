"""Handing over a stored upload once a view has checked who may see it.

Uploads are never linked under MEDIA_URL (nothing serves /media/): each kind of file has a view that
looks the row up inside the user's visible rows and then calls `file_response` — by `X-Accel-Redirect`
to nginx's internal location when GONGJIAN_ACCEL_REDIRECT_PREFIX is set (the deployment), or as a
plain file response (development, tests).
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse

CONTENT_TYPES = {
    "jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_response(fieldfile, *, name: str, kind: str) -> HttpResponse:
    """The stored file's bytes, shown inline when a browser displays the kind, else downloaded."""
    if not fieldfile:
        raise Http404("文件不存在")
    content_type = CONTENT_TYPES.get(kind, "application/octet-stream")
    disposition = "inline" if kind in ("jpg", "png", "pdf") else "attachment"
    prefix = getattr(settings, "GONGJIAN_ACCEL_REDIRECT_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(fieldfile.name)
    else:
        try:
            response = FileResponse(fieldfile.open("rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404("文件不存在") from None
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name or '附件')}"
    response["X-Content-Type-Options"] = "nosniff"
    # Private to the browser: a shared cache must not hand a staff file to the next visitor.
    response["Cache-Control"] = "private, max-age=3600"
    return response


def kind_of(filename: str) -> str:
    """jpg, png, pdf … from a stored name (the kind was checked from the bytes at upload)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return "jpg" if ext == "jpeg" else ext
