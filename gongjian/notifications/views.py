"""The inbox 消息 page of every staff user."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.core.paging import page_of

from . import services
from .models import Notification, Preference


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


class PreferenceForm(forms.Form):
    email = forms.BooleanField(label="邮件通知：每条消息同时发到我的邮箱", required=False)
    sms = forms.BooleanField(label="短信通知：每条消息同时发短信到我的手机", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


@login_required
def preferences(request):
    """通知方式: each person chooses the copies of their messages besides the inbox (which has all)."""
    user = request.user
    current = Preference.objects.filter(user=user).first() or Preference(user=user)
    form = PreferenceForm(request.POST or None, initial={"email": current.email, "sms": current.sms})
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_preference_save(user=user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "通知方式已保存")
            return redirect("notifications:inbox")
    return render(request, "notifications/preferences.html", {"form": form},
                  status=400 if form.errors else 200)
