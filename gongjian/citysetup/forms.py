from django import forms

from .models import CityProfile


class CityProfileForm(forms.ModelForm):
    """Only renders and parses the fields; the rules are in services.city_profile_save."""

    remove_emblem = forms.BooleanField(label="删除现有标志", required=False)

    class Meta:
        model = CityProfile
        fields = ["name", "division_code", "archive_prefix", "department", "emblem"]
        widgets = {"emblem": forms.FileInput(attrs={"accept": "image/png,image/jpeg"})}

    def _post_clean(self):  # the service validates: the form must not run the model's checks twice
        pass
