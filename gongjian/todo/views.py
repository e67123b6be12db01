"""The to-do page 待办: every role opens on what waits for it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gongjian import permissions
from gongjian.accounts.models import Role

from . import selectors


@login_required
def todo(request):
    groups = selectors.todo_for(request.user)
    return render(request, "todo/todo.html", {
        "groups": groups, "total": sum(g.count for g in groups),
        "unread": selectors.unread_count(request.user),
        "glance": (selectors.communities_at_a_glance(request.user)
                   if permissions.scope_of(request.user).role in (Role.LIAISON, Role.LEADER) else None),
    })
