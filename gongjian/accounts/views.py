from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.citysetup.selectors import checklist
from gongjian.reports.selectors import Area, round_figures
from gongjian.solicitation.models import Round
from gongjian.todo.selectors import todo_for, unread_count


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.user.must_change_password:
            form.user.must_change_password = False
            form.user.save(update_fields=["must_change_password"])
        messages.success(self.request, "密码已修改")
        return response


@login_required
def home(request):
    """The staff home: who I am, the newest round's figures for my part of the city, my menu."""
    scope = permissions.scope_of(request.user)
    rounds = list(permissions.visible(request.user, Round).order_by("-year", "-id")[:10])
    current = None
    selected = request.GET.get("round")
    for rnd in rounds:
        if selected and str(rnd.pk) == selected:
            current = rnd
    if current is None and rounds:
        current = rounds[0]
    figures = None
    if current is not None and scope.role:
        figures = round_figures(Area(community_q=scope.community_q("community_id"), round_id=current.pk))
    groups = todo_for(request.user)
    setup_steps = checklist() if scope.role == Role.CITY else []
    return render(request, "accounts/home.html", {
        "scope": scope, "rounds": rounds, "current_round": current, "figures": figures,
        "groups": groups, "total": sum(g.count for g in groups), "unread": unread_count(request.user),
        "setup_todo": [s for s in setup_steps if not s.done],
    })
