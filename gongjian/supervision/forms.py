"""Forms of the supervision pages: they parse and render input only; the rules live in the services."""

from django import forms

from .models import CommitteeMember, ProjectWarning, Supervision


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


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContactPointForm(forms.Form):
    """A leader's contact point: leader and community when created, the details always."""

    leader = forms.ModelChoiceField(label="联系领导", queryset=None, error_messages={
        "required": "请选择联系领导", "invalid_choice": "请选择联系领导"})
    community = forms.ModelChoiceField(label="联系社区", queryset=None, error_messages={
        "required": "请选择联系社区", "invalid_choice": "请选择联系社区"})
    leader_title = forms.CharField(label="领导职务", required=False, max_length=100)
    started_on = forms.DateField(label="建立联系点日期", required=False, widget=DATE_INPUT,
                                 error_messages={"invalid": "日期格式应为 2010-03-01"})

    def __init__(self, *args, leaders=None, communities=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["leader"], self.fields["community"]
        else:
            self.fields["leader"].queryset = leaders
            self.fields["leader"].label_from_instance = lambda u: f"{u.get_full_name() or u.username}（{u.username}）"
            self.fields["community"].queryset = communities


class CommitteeMemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名"})
    unit = forms.ModelChoiceField(label="所在单位", queryset=None, required=False, empty_label="（社区或其他）",
                                  error_messages={"invalid_choice": "委员所在单位须是本社区的辖区单位"})
    post = forms.ChoiceField(label="委员会职务", choices=CommitteeMember.Post.choices)
    unit_position = forms.CharField(label="单位职务", required=False, max_length=100)
    phone = forms.CharField(label="电话", required=False, max_length=30)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def add_service_errors(form: forms.Form, exc: Exception) -> None:
    """A service's refusal shown on the form, next to the field it names when the form has that field."""
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, getattr(exc, "message", None) or "；".join(getattr(exc, "messages", [str(exc)])))
