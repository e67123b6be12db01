"""Forms of the user pages: they parse input; the rules are in services and the permission policy."""

from django import forms

from gongjian import permissions
from gongjian.registry.models import Community, Street, Unit

from .models import Role


def role_choices(actor) -> list[tuple[str, str]]:
    scope = permissions.scope_of(actor)
    if scope.everything:
        return [(r.value, r.label) for r in Role]
    if scope.role == Role.STREET:
        return [(r.value, r.label) for r in (Role.COMMUNITY, Role.UNIT)]
    return []


class UserCreateForm(forms.Form):
    role = forms.ChoiceField(label="角色")
    username = forms.CharField(label="用户名", max_length=150, help_text="登录用，字母、数字或手机号")
    first_name = forms.CharField(label="姓名", max_length=150, required=False)
    phone = forms.CharField(label="手机", max_length=30, required=False)
    street = forms.ModelChoiceField(label="所属街道（街道账号）", queryset=Street.objects.none(), required=False)
    community = forms.ModelChoiceField(label="所属社区（社区账号）", queryset=Community.objects.none(), required=False)
    unit = forms.ModelChoiceField(label="所属单位（辖区单位账号）", queryset=Unit.objects.none(), required=False)
    communities = forms.ModelMultipleChoiceField(
        label="联系社区（联络员、联系领导）", queryset=Community.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        in_scope = permissions.communities_in_scope(actor).select_related("street").order_by("street__code", "code")
        self.fields["role"].choices = role_choices(actor)
        self.fields["street"].queryset = Street.objects.filter(communities__in=in_scope).distinct().order_by("code")
        self.fields["community"].queryset = in_scope
        self.fields["unit"].queryset = (Unit.objects.filter(community__in=in_scope).select_related("community")
                                        .order_by("community__code", "name"))
        self.fields["communities"].queryset = in_scope
        if not permissions.scope_of(actor).everything:
            del self.fields["street"], self.fields["communities"]

    def scope(self):
        role = self.cleaned_data.get("role")
        field = {Role.STREET: "street", Role.COMMUNITY: "community", Role.UNIT: "unit"}.get(role)
        return self.cleaned_data.get(field) if field else None


class UserEditForm(forms.Form):
    first_name = forms.CharField(label="姓名", max_length=150, required=False)
    phone = forms.CharField(label="手机", max_length=30, required=False)
    communities = forms.ModelMultipleChoiceField(
        label="联系社区", queryset=Community.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, actor, target, **kwargs):
        super().__init__(*args, **kwargs)
        # A leader's communities follow their contact points (supervision's 领导联系点 page), one source.
        if target.role == Role.LIAISON:
            self.fields["communities"].queryset = (permissions.communities_in_scope(actor)
                                                   .select_related("street").order_by("street__code", "code"))
        else:
            del self.fields["communities"]


class UserImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）",
                           widget=forms.FileInput(attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))
