"""Input forms of the member pages: they parse and check what staff type; the services write."""

from django import forms

from gongjian.registry.models import Community

from .models import ContactRecord, Member


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _pick(datalist: str):
    """A text box that suggests names from a <datalist> on the page (staff type names or codes)."""
    return forms.TextInput(attrs={"list": datalist, "autocomplete": "off"})


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    category = forms.ChoiceField(label="类别", choices=Member.Category.choices)
    community = forms.CharField(label="居住社区（名称或代码）", max_length=100, required=False,
                                widget=_pick("community-list"))
    unit = forms.CharField(label="工作单位（在职党员必填）", max_length=150, required=False, widget=_pick("unit-list"))
    gender = forms.ChoiceField(label="性别", choices=[("", "—"), *Member.Gender.choices], required=False)
    birth_date = forms.DateField(label="出生日期", required=False, widget=_date_input())
    id_number = forms.CharField(label="身份证号", max_length=18, required=False)
    phone = forms.CharField(label="电话", max_length=30, required=False)
    address = forms.CharField(label="住址", max_length=200, required=False)
    joined_on = forms.DateField(label="入党日期", required=False, widget=_date_input())
    work_place = forms.CharField(label="现工作地点（流动党员）", max_length=200, required=False)
    away = forms.BooleanField(label="长期在外（人在外地务工经商）", required=False)
    note = forms.CharField(label="备注", max_length=500, required=False)


class ContactForm(forms.Form):
    date = forms.DateField(label="日期", widget=_date_input())
    kind = forms.ChoiceField(label="方式", choices=ContactRecord.Kind.choices)
    note = forms.CharField(label="情况", max_length=500, required=False)


class DuesForm(forms.Form):
    month = forms.CharField(label="月份（如 2010-05）", max_length=10, widget=forms.TextInput(attrs={"size": 8}))
    amount = forms.DecimalField(label="金额（元）", max_digits=8, decimal_places=2, min_value=0.01,
                                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))
    paid_on = forms.DateField(label="缴纳日期", required=False, widget=_date_input())


class ReportForm(forms.Form):
    community = forms.CharField(label="报到社区（名称或代码）", max_length=100)
    reported_on = forms.DateField(label="报到日期", required=False, widget=_date_input())
    service_wish = forms.CharField(label="服务意向/特长", max_length=200, required=False)


class UnechoedInput(forms.TextInput):
    """A text box that never writes back what was typed (an ID number on a public page)."""

    def format_value(self, value):
        return None


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.street.name} · {obj.name}"


class SelfReportForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    id_number = forms.CharField(label="身份证号", max_length=18, widget=UnechoedInput(attrs={"autocomplete": "off"}))
    community = CommunityChoiceField(
        label="居住社区", empty_label="请选择", error_messages={"invalid_choice": "请选择居住社区"},
        queryset=Community.objects.select_related("street").order_by("street__code", "code"))
    service_wish = forms.CharField(label="愿意为社区做的事、特长（可不填）", max_length=200, required=False)


class RiskSettingsForm(forms.Form):
    pocket_months = forms.IntegerField(label="口袋党员：未联系满几个月", min_value=1, max_value=120)
    underground_days = forms.IntegerField(label="地下党员：登记后满几天未报到", min_value=1, max_value=3650)
    nominal_months = forms.IntegerField(label="挂名党员：未交党费满几个月", min_value=1, max_value=120)


class ImportForm(forms.Form):
    file = forms.FileField(label="名册文件（.xlsx、.xls 或 .csv）",
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}))
