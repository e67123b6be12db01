"""The self-service 双报到 form: an in-service member reports to the community where they live,
without an account. They name themselves by name and ID number, which must match their unit's roster;
the answer never reveals which of the two did not match, and the form is rate limited."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from gongjian.core.errors import Conflict, error_text

from . import services
from .forms import SelfReportForm

SELF_REPORT_RATE = getattr(settings, "GONGJIAN_SELF_REPORT_RATE", "10/h")


def self_report(request):
    form = SelfReportForm(request.POST or None)
    done = None
    if request.method == "POST":
        if is_ratelimited(request, group="member-self-report", key="ip", rate=SELF_REPORT_RATE, increment=True):
            form.add_error(None, "提交太频繁了，请过一会儿再试")
        elif form.is_valid():
            try:
                report = services.member_self_report(
                    name=form.cleaned_data["name"], id_number=form.cleaned_data["id_number"],
                    community=form.cleaned_data["community"], service_wish=form.cleaned_data["service_wish"])
            except ValidationError as exc:
                form.add_error(None, error_text(exc))
            except Conflict as exc:
                form.add_error(None, exc.message)
            else:
                done = report.community
    return render(request, "members/self_report.html", {"form": form, "done": done})
