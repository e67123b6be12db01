"""The residents' submission form: the fields a resident fills in, checked as on every channel."""

from django import forms

from gongjian.solicitation.validation import (
    MAX_CONTENT_CHARS,
    MAX_NAME_CHARS,
    MAX_PHONE_CHARS,
    validate_phone,
)


class PublicOpinionForm(forms.Form):
    community = forms.CharField(label="您所在的社区", max_length=32,
                                error_messages={"required": "请选择您所在的社区"})
    category = forms.CharField(label="类别", max_length=32, error_messages={"required": "请选择意见的类别"})
    content = forms.CharField(
        label="您的意见或建议", max_length=MAX_CONTENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "例如：3栋楼道灯坏了一个多月，晚上上下楼很不安全"}),
        error_messages={"required": "请写下您的意见或建议",
                        "max_length": f"太长了，请控制在 {MAX_CONTENT_CHARS} 字以内"})
    name = forms.CharField(label="姓名（可不填）", max_length=MAX_NAME_CHARS, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label="电话（可不填，方便社区回访；不会公开）", max_length=MAX_PHONE_CHARS,
                            required=False, validators=[validate_phone],
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # Chinese labels take no colon
        super().__init__(*args, **kwargs)
