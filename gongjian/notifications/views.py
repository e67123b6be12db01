"""The inbox 消息 page of every staff user."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.core.paging import page_of

from . import services
from .models import Notification


@login_required
def inbox(request):
    qs = permissions.visible(request.user, Notification).order_by("-created_at", "-id")
    show = request.GET.get("show", "")
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    page = page_of(request, qs, 30)
    unread = permissions.visible(request.user, Notification).filter(read_at__isnull=True).count()
    return render(request, "notifications/inbox.html", {
        "page": page, "show": show, "unread": unread,
    })


@login_required
@require_POST
def open_message(request, pk):
    """Mark the message read and go to what it is about."""
    n = permissions.get_visible_or_404(request.user, Notification, pk)
    permissions.require(request.user, "read", n)
    services.notification_mark_read(user=request.user, notification=n)
    if n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts={request.get_host()}):
        return redirect(n.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request):
    count = services.notification_mark_read(user=request.user)
    messages.success(request, f"{count} 条消息已标为已读")
    return redirect("notifications:inbox")
