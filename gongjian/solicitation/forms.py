"""Forms of the staff pages. They only parse input; the rules are in services."""

from django import forms
from django.utils import timezone

from gongjian.permissions import MAX_ID

from .imports import MAX_UPLOAD_BYTES
from .models import Channel, Problem, Solicitation
from .validation import MAX_CONTENT_CHARS, MAX_FORM_NO_CHARS, MAX_NAME_CHARS, MAX_PHONE_CHARS, validate_phone


class OpinionEntryForm(forms.Form):
    round = forms.IntegerField(label="轮次")
    community = forms.CharField(label="社区", max_length=100)
    channel = forms.ChoiceField(label="渠道", choices=Channel.choices, initial=Channel.FORM)
    category = forms.IntegerField(label="类别")
    content = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 5}),
                              max_length=MAX_CONTENT_CHARS)
    submitter_name = forms.CharField(label="姓名（可不填）", max_length=MAX_NAME_CHARS, required=False)
    submitter_phone = forms.CharField(label="电话（可不填）", max_length=MAX_PHONE_CHARS, required=False,
                                      validators=[validate_phone])
    received_on = forms.DateField(label="收到日期", initial=timezone.localdate,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    form_no = forms.CharField(label="意见表编号（可不填）", max_length=MAX_FORM_NO_CHARS, required=False)

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天")
        return value


class ImportForm(forms.Form):
    round = forms.IntegerField(label="导入到轮次")
    file = forms.FileField(label="文件（.xlsx、.xls 或 .csv）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件太大，不能超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB；请分成几个文件导入")
        return upload


class MergeForm(forms.Form):
    title = forms.CharField(label="问题标题", max_length=200)
    description = forms.CharField(label="问题描述（可不填）", widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False)
    opinions = forms.TypedMultipleChoiceField(coerce=int, required=True, choices=(),
                                              error_messages={"required": "请先勾选要归并的意见"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the view looks each one up inside the visible rows.
        # (Digits that fit an id column: hundreds of digits would reach the database as an overflow.)
        self.fields["opinions"].valid_value = lambda value: str(value).isascii() and str(value).isdigit() \
            and 0 < int(str(value)[:19]) <= MAX_ID and len(str(value)) <= 19


class RejectForm(forms.Form):
    reason = forms.CharField(label="不予采纳的理由（居民会看到）", max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ClassifyForm(forms.Form):
    klass = forms.ChoiceField(label="分类", choices=Problem.Class.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="说明（C 类须写明向居民解释的理由）", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("klass") == Problem.Class.C and not (data.get("note") or "").strip():
            self.add_error("note", "C 类（不能解决）须写明向居民解释的理由")
        return data


class SolicitationForm(forms.Form):
    round = forms.IntegerField(label="轮次")
    community = forms.CharField(label="社区", max_length=100)
    kind = forms.ChoiceField(label="方式", choices=Solicitation.Kind.choices)
    date = forms.DateField(label="日期", initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(label="数量（份数；座谈会填参会人数）", min_value=0)
    note = forms.CharField(label="备注（可不填）", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ChineseForm(forms.Form):
    """Chinese labels take no colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RoundForm(ChineseForm):
    name = forms.CharField(label="名称", max_length=100, help_text="如：2027年第一轮")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)
    opened_on = forms.DateField(label="开始日期（可不填）", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))


class RoundEditForm(ChineseForm):
    name = forms.CharField(label="名称", max_length=100)
    opened_on = forms.DateField(label="开始日期（可不填）", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))


class NextRoundForm(ChineseForm):
    next_round_opens_on = forms.DateField(label="下一轮征集预计开始日期（可不填）", required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))
    next_round_note = forms.CharField(label="说明（可不填）", max_length=100, required=False,
                                      help_text="如：届时各社区将发放征求意见表")


class CategoryForm(ChineseForm):
    code = forms.CharField(label="代码", max_length=32, help_text="小写字母、数字、“-”或“_”，如 parking；保存后不能修改")
    name = forms.CharField(label="名称", max_length=50)
    description = forms.CharField(label="说明（可不填）", max_length=200, required=False)
    sort_order = forms.IntegerField(label="排序（可不填，数字小的在前）", min_value=0, max_value=32767, required=False)


class CategoryEditForm(ChineseForm):
    name = forms.CharField(label="名称", max_length=50)
    description = forms.CharField(label="说明（可不填）", max_length=200, required=False)
    sort_order = forms.IntegerField(label="排序（数字小的在前）", min_value=0, max_value=32767)

