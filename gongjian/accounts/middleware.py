"""Forced password change: in production a user on an initial or demo password must change it first."""

from axes.middleware import AxesMiddleware
from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_PREFIXES = ("/staff/password/", "/staff/logout/", "/static/", "/api/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and user.password_change_pending
                and not request.path.startswith(ALLOWED_PREFIXES)):
            return redirect(reverse("accounts:password_change"))
        return self.get_response(request)


class LockoutMiddleware(AxesMiddleware):
    """django-axes' lockout page for the staff pages; the JSON API answers its own 429 in JSON."""

    def __call__(self, request):
        if request.path.startswith("/api/"):
            return self.get_response(request)
        return super().__call__(request)
