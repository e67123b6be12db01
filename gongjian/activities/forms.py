"""Input forms of the activity pages."""

from django import forms

from gongjian.registry.models import Unit

from .models import Activity


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Activity.Kind.choices)
    title = forms.CharField(label="活动名称", max_length=150)
    community = forms.CharField(label="在哪个社区（名称或代码）", max_length=100,
                                widget=forms.TextInput(attrs={"list": "community-list", "autocomplete": "off"}))
    organiser_unit = forms.ModelChoiceField(
        label="组织单位（可不填）", queryset=Unit.objects.none(), required=False, empty_label="本社区组织",
        help_text="只能选您管辖社区里的单位；不填则记为活动所在社区组织")
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hours = forms.DecimalField(label="时长（小时）", max_digits=4, decimal_places=1, min_value=0.1, max_value=24,
                               initial=2)
    place = forms.CharField(label="地点", max_length=200, required=False)
    description = forms.CharField(label="内容", widget=forms.Textarea, required=False)
    public = forms.BooleanField(label="在公众网站公布", required=False, initial=True)

    def __init__(self, *args, organiser_units=None, **kwargs):
        """`organiser_units`: the units the user may name as organiser; None for a unit user (itself)."""
        super().__init__(*args, **kwargs)
        if organiser_units is None:
            del self.fields["organiser_unit"]
        else:
            self.fields["organiser_unit"].queryset = organiser_units


class ParticipantsForm(forms.Form):
    members = forms.CharField(required=False)  # ids, from checkboxes (getlist) or typed "12, 15"
    cadres = forms.CharField(required=False)
    hours = forms.DecimalField(label="每人时长（小时，可不填）", max_digits=4, decimal_places=1, min_value=0.1,
                               max_value=24, required=False)
