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
    content = forms.CharField(label="您的意见或建议", max_length=MAX_CONTENT_CHARS, widget=forms.Textarea,
                              error_messages={"required": "请写下您的意见或建议",
                                              "max_length": f"太长了，请控制在 {MAX_CONTENT_CHARS} 字以内"})
    name = forms.CharField(label="姓名（可不填）", max_length=MAX_NAME_CHARS, required=False)
    phone = forms.CharField(label="电话（可不填）", max_length=MAX_PHONE_CHARS, required=False,
                            validators=[validate_phone])
