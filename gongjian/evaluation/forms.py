"""Forms of the evaluation pages: they parse input only; the rules live in services.py."""

from django import forms

from .models import AssessmentWeights, Direction, Scale

FIVE_WORDS = {1: "差", 2: "较差", 3: "一般", 4: "较好", 5: "好"}


class CampaignCreateForm(forms.Form):
    round = forms.ModelChoiceField(label="轮次", queryset=None, empty_label=None,
                                   error_messages={"required": "请选择轮次", "invalid_choice": "该轮次不存在"})
    name = forms.CharField(label="名称（可不填，默认为“轮次名 + 双向评议”）", max_length=100, required=False)
    note = forms.CharField(label="说明（可不填）", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds


class CriterionForm(forms.Form):
    direction = forms.ChoiceField(label="评议方向", choices=Direction.choices)
    name = forms.CharField(label="指标名称", max_length=50, error_messages={"required": "请填写指标名称"})
    weight = forms.DecimalField(label="权重", min_value=0.01, max_digits=6, decimal_places=2, initial=10,
                                error_messages={"required": "请填写权重", "invalid": "权重须为数字",
                                                "min_value": "权重须大于 0"})
    scale = forms.ChoiceField(label="分制", choices=Scale.choices, initial=Scale.FIVE)
    description = forms.CharField(label="说明（可不填）", max_length=200, required=False)


class RatingForm(forms.Form):
    """One score field per criterion (`c_<id>`) and an optional comment (`m_<id>`)."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            messages = {"required": f"请给“{c.name}”打分", "invalid": f"“{c.name}”须填整数",
                        "invalid_choice": f"“{c.name}”须在 {c.min_score}–{c.max_score} 分之间",
                        "min_value": f"“{c.name}”不能低于 {c.min_score} 分",
                        "max_value": f"“{c.name}”不能高于 {c.max_score} 分"}
            if c.scale == Scale.FIVE:
                self.fields[f"c_{c.pk}"] = forms.TypedChoiceField(
                    label=c.name, coerce=int, widget=forms.RadioSelect, error_messages=messages,
                    choices=[(n, f"{n} {FIVE_WORDS[n]}") for n in c.choices])
            else:
                self.fields[f"c_{c.pk}"] = forms.IntegerField(
                    label=c.name, min_value=c.min_score, max_value=c.max_score, error_messages=messages,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": c.min_score,
                                                    "max": c.max_score}))
            self.fields[f"m_{c.pk}"] = forms.CharField(label=f"对“{c.name}”的评语（可不填）", required=False,
                                                       max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self):
        """(criterion, score field, comment field) for the template."""
        return [(c, self[f"c_{c.pk}"], self[f"m_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c_{c.pk}"] for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"m_{c.pk}", "") for c in self.criteria}


class WeightsForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in AssessmentWeights.FIELDS:
            field = AssessmentWeights._meta.get_field(name)
            self.fields[name] = forms.DecimalField(
                label=str(field.verbose_name), min_value=0, max_digits=6, decimal_places=2,
                error_messages={"required": "请填写", "invalid": "须为数字", "min_value": "不能为负数"},
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}))

    def unit_fields(self):
        return [self[n] for n in ("completion", "timeliness", "satisfaction", "evaluation", "participation",
                                  "warning_penalty")]

    def community_fields(self):
        return [self[n] for n in ("community_rating", "community_completion", "community_meetings")]
