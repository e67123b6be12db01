from django import forms


class PublicOpinionForm(forms.Form):
    community = forms.CharField(label="您所在的社区", max_length=32,
                                error_messages={"required": "请选择您所在的社区"})
    category = forms.CharField(label="类别", max_length=32, error_messages={"required": "请选择意见的类别"})
    content = forms.CharField(label="您的意见或建议", max_length=2000, widget=forms.Textarea,
                              error_messages={"required": "请写下您的意见或建议",
                                              "max_length": "太长了，请控制在 2000 字以内"})
    name = forms.CharField(label="姓名（可不填）", max_length=50, required=False)
    phone = forms.RegexField(label="电话（可不填）", regex=r"^[0-9+\-() ]{5,30}$", required=False,
                             error_messages={"invalid": "电话号码只能有数字和 - + ( )"})
