"""Input forms of the registry pages: they parse and check what staff type; the services write.

Choice fields take their rows from what the user may pick (its streets, its communities), so an id
outside the user's scope is refused as an invalid choice.
"""

from django import forms

from .models import Cadre, Community, PartyOrganization, Street, Unit


class StreetForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    code = forms.CharField(label="代码（全国区划代码 9 位，或本地代码）", max_length=32)


class CommunityForm(forms.Form):
    street = forms.ModelChoiceField(label="街道", queryset=Street.objects.none(), empty_label=None)
    name = forms.CharField(label="名称", max_length=100)
    code = forms.CharField(label="代码（全国区划代码 12 位，或本地代码）", max_length=32)
    residents = forms.IntegerField(label="居民人数", min_value=0, initial=0)
    tier = forms.TypedChoiceField(label="类别", choices=[("", "未评定"), *Community.Tier.choices], coerce=int,
                                  empty_value=None, required=False)
    office_premises = forms.ChoiceField(label="办公场所", choices=Community.Premises.choices,
                                        initial=Community.Premises.OWNED)
    office_area = forms.IntegerField(label="办公面积（平方米）", min_value=0, required=False)

    def __init__(self, *args, streets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets


class _InCommunityForm(forms.Form):
    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].label_from_instance = lambda c: f"{c.name}（{c.street.name}）"


class UnitForm(_InCommunityForm):
    name = forms.CharField(label="单位名称", max_length=150)
    community = forms.ModelChoiceField(label="所在社区", queryset=Community.objects.none())
    kind = forms.ChoiceField(label="单位性质", choices=Unit.Kind.choices, initial=Unit.Kind.OTHER)
    rank = forms.ChoiceField(label="行政级别", choices=Unit.Rank.choices, initial=Unit.Rank.NONE)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)


class PartyOrganizationForm(_InCommunityForm):
    name = forms.CharField(label="名称", max_length=150)
    kind = forms.ChoiceField(label="类型", choices=PartyOrganization.Kind.choices,
                             initial=PartyOrganization.Kind.BRANCH)
    community = forms.ModelChoiceField(label="所属社区（社区党组织填）", queryset=Community.objects.none(),
                                       required=False)
    unit = forms.ModelChoiceField(label="所属单位（单位党组织填）", queryset=Unit.objects.none(), required=False)
    members_count = forms.IntegerField(label="党员人数", min_value=0, initial=0)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if bool(data.get("community")) == bool(data.get("unit")):
            raise forms.ValidationError("请在“所属社区”和“所属单位”中选且只选一个")
        return data


class CadreForm(_InCommunityForm):
    name = forms.CharField(label="姓名", max_length=50)
    community = forms.ModelChoiceField(label="社区", queryset=Community.objects.none())
    position = forms.CharField(label="职务", max_length=50, required=False)
    birth_year = forms.IntegerField(label="出生年份", min_value=1900, max_value=2100)
    education = forms.ChoiceField(label="文化程度", choices=Cadre.Education.choices)
    phone = forms.CharField(label="电话", max_length=30, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx、.xls 或 .csv）")
