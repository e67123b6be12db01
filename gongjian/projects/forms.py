"""Forms of the project pages: they parse input only; the rules live in services.py."""

from django import forms

from .models import RATING_COMMENT_MAX_CHARS, Rating


class VersionedForm(forms.Form):
    """Every POST about a project carries the version the page showed (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); the checks are the service's."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,.pdf,.docx,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class TransitionForm(VersionedForm):
    """One step of the state machine: the note's label and whether it is required come from the step's
    row (models.TRANSITIONS); `override` adds the close-out reason."""

    note = forms.CharField(label="说明", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    # 销号 of a project most residents rated 不满意 needs the street's reason (else: 退回重办).
    override_note = forms.CharField(label="销号说明（多数居民不满意时必填：为什么仍然销号）", required=False,
                                    max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    evidence = MultipleFileField(label="佐证材料（完成后的照片、验收单等，可多选，可不传）", required=False)

    def __init__(self, *args, step, override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if step.action != "report_done":
            del self.fields["evidence"]
        self.fields["note"].label = step.note_label
        self.fields["note"].required = step.note_required
        if step.note_required:
            self.fields["note"].error_messages["required"] = step.note_message
        if not override:
            del self.fields["override_note"]


class ProgressForm(VersionedForm):
    percent = forms.IntegerField(label="目前进度（%）", min_value=0, max_value=100,
                                 error_messages={"required": "请填写进度",
                                                 "invalid": "进度须为 0 到 100 之间的整数",
                                                 "min_value": "进度不能小于 0",
                                                 "max_value": "进度不能大于 100"},
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    note = forms.CharField(label="进展情况", max_length=2000, error_messages={"required": "请填写进展情况"},
                           widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label="照片或文件（可不传）", required=False)


class ProjectFieldsForm(forms.Form):
    """A project's set-up fields, shared by 立项 and 修改项目. Querysets are narrowed to what the user
    may see by the view (`units`)."""

    title = forms.CharField(label="项目名称", max_length=200, error_messages={"required": "请填写项目名称"})
    description = forms.CharField(label="项目内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ModelChoiceField(label="牵头单位", queryset=None,
                                       error_messages={"required": "请选择牵头单位",
                                                       "invalid_choice": "该单位不存在"})
    co_units = forms.ModelMultipleChoiceField(label="协办单位（可多选，可不选）", queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    handler = forms.CharField(label="承办人", max_length=50, error_messages={"required": "请填写承办人"})
    handler_phone = forms.CharField(label="承办人电话", max_length=30, required=False)
    deadline = forms.DateField(label="完成时限", widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"required": "请填写完成时限",
                                               "invalid": "日期格式须为 年-月-日，如 2010-12-31"})
    budget = forms.DecimalField(label="预算（元）", required=False, min_value=0, max_digits=14,
                                decimal_places=2, error_messages={"invalid": "预算须为数字",
                                                                  "min_value": "预算不能为负数"})
    fund_source = forms.CharField(label="资金来源", max_length=100, required=False)
    is_key = forms.BooleanField(label="重点项目", required=False,
                                help_text="每个社区每轮宜确定 2 至 3 个重点项目。")

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("label_suffix", "")  # Chinese labels take no colon
        super().__init__(*args, **kwargs)
        for name in ("lead_unit", "co_units"):
            self.fields[name].queryset = units
            self.fields[name].label_from_instance = lambda u: f"{u.name}（{u.community.name}）"


class ProjectCreateForm(ProjectFieldsForm):
    """立项 from a class A or B problem."""

    problem = forms.ModelChoiceField(label="来源问题（A 类或 B 类）", queryset=None,
                                     error_messages={"required": "请选择来源问题",
                                                     "invalid_choice": "该问题不存在或不能立项"})
    batch_number = forms.IntegerField(label="批次", min_value=1, initial=1,
                                      error_messages={"required": "请填写批次", "min_value": "批次从 1 开始"})
    confirm_again = forms.BooleanField(label="该问题已经立项，我确认要再立一个项目", required=False)
    field_order = ["problem"]

    def __init__(self, *args, problems, units, already=(), **kwargs):
        super().__init__(*args, units=units, **kwargs)
        self.fields["problem"].queryset = problems
        self.fields["problem"].label_from_instance = (
            lambda p: f"{p.archive_no} {p.title}（{p.community.name}，{p.klass} 类）")
        self.already = list(already)
        if not self.already:
            del self.fields["confirm_again"]

    def clean(self):
        data = super().clean()
        if self.already and not data.get("confirm_again"):
            self.add_error("confirm_again", "该问题已有项目。确需再立一个项目，请勾选确认；否则请返回查看已有项目。")
        return data


class ProjectEditForm(ProjectFieldsForm, VersionedForm):
    """修改项目. Before publication anything may change freely; after it, a change of the lead unit, the
    handler or the deadline is published as a change notice with `note` as its reason."""

    note = forms.CharField(label="修改说明", max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units, published: bool, **kwargs):
        super().__init__(*args, units=units, **kwargs)
        if published:
            self.fields["note"].label = "变更理由（牵头单位、承办人或完成时限的变更将向居民公示）"


class RatingForm(forms.Form):
    receipt_code = forms.CharField(label="回执码", max_length=24,
                                   error_messages={"required": "请填写回执码"},
                                   widget=forms.TextInput(attrs={"autocomplete": "off",
                                                                 "autocapitalize": "characters"}))
    rating = forms.ChoiceField(label="您的评价", choices=Rating.Value.choices, widget=forms.RadioSelect,
                               error_messages={"required": "请选择满意、基本满意或不满意",
                                               "invalid_choice": "请选择满意、基本满意或不满意"})
    comment = forms.CharField(
        label="想说的话（可不填，公开时会隐去电话等号码）", required=False, max_length=RATING_COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": RATING_COMMENT_MAX_CHARS}),
        error_messages={"max_length": f"留言太长了，请控制在 {RATING_COMMENT_MAX_CHARS} 字以内"})


class BatchForm(forms.Form):
    """A batch (批次) of a round: parses only; the rules are in services.batch_create / batch_update."""

    number = forms.IntegerField(label="批次号", min_value=1, max_value=999)
    name = forms.CharField(label="名称（可不填，默认“第N批”）", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # Chinese labels take no colon
        super().__init__(*args, **kwargs)


class BatchEditForm(BatchForm):
    number = None
    name = forms.CharField(label="名称", max_length=100)
