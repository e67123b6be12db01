"""API: the user's own inbox 消息 (every role)."""

from datetime import datetime

from ninja import Query, Router, Schema

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, page_of, paginate

from . import services
from .models import Notification

router = Router(tags=["消息"])


class PageParams(Schema):
    page: int = 1
    page_size: int = 50


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    object_type: str
    object_id: int
    created_at: datetime
    read_at: datetime | None


class UnreadOut(Schema):
    unread: int


class UpdatedOut(Schema):
    updated: int


def _out(n: Notification) -> dict:
    return {"id": n.pk, "kind": n.kind, "title": n.title, "body": n.body, "url": n.url,
            "object_type": n.object_type, "object_id": n.object_id, "created_at": n.created_at, "read_at": n.read_at}


@router.get("/notifications", response={200: page_of(NotificationOut), **COMMON_ERRORS}, summary="我的消息")
def notification_list(request, params: Query[PageParams], unread: bool | None = None, kind: str | None = None):
    qs = permissions.visible(request.user, Notification)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    if kind:
        qs = qs.filter(kind=kind)
    count, rows = paginate(qs.order_by("-created_at", "-id"), params.page, params.page_size)
    return {"count": count, "results": [_out(n) for n in rows]}


@router.get("/notifications/unread-count", response={200: UnreadOut, **COMMON_ERRORS}, summary="未读消息数")
def notification_unread(request):
    return {"unread": permissions.visible(request.user, Notification).filter(read_at__isnull=True).count()}


@router.post("/notifications/read-all", response={200: UpdatedOut, **COMMON_ERRORS}, summary="全部标为已读")
def notification_read_all(request):
    return {"updated": services.notification_mark_read(user=request.user)}


@router.post("/notifications/{notification_id}/read", response={200: NotificationOut, **COMMON_ERRORS},
             summary="标为已读")
def notification_read(request, notification_id: int):
    n = permissions.get_visible_or_404(request.user, Notification, notification_id)
    permissions.require(request.user, "read", n)
    services.notification_mark_read(user=request.user, notification=n)
    n.refresh_from_db()
    return _out(n)
