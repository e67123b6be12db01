"""Forms of the supervision pages: they parse and render input only; the rules live in the services."""

from django import forms

from .models import ProjectWarning, Supervision


class SupervisionIssueForm(forms.Form):
    stage = forms.ChoiceField(label="层级", choices=[(Supervision.Stage.URGE, "催办（提醒承办人）"),
                                                    (Supervision.Stage.SUPERVISE, "督办（正式督办通知）")])
    finding = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "请填写发现的问题"})
    requirement = forms.CharField(label="督办要求", widget=forms.Textarea(attrs={"rows": 3}),
                                  error_messages={"required": "请填写督办要求"})
    reply_due = forms.DateField(label="回复期限", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                error_messages={"required": "请填写回复期限", "invalid": "回复期限须为日期"})


class ProjectWarningForm(forms.Form):
    what = forms.CharField(widget=forms.HiddenInput, initial="warning")
    level = forms.ChoiceField(label="级别", choices=ProjectWarning.Level.choices)
    reason = forms.ChoiceField(label="原因", choices=ProjectWarning.Reason.choices)
    note = forms.CharField(label="说明", required=False, max_length=500)


def form_errors(form: forms.Form) -> str:
    """The form's errors as one line for the page's message."""
    return "；".join(str(e) for errors in form.errors.values() for e in errors)
