"""The to-do page 待办: every role opens on what waits for it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def todo(request):
    groups = selectors.todo_for(request.user)
    return render(request, "todo/todo.html", {
        "groups": groups, "total": sum(g.count for g in groups),
        "unread": selectors.unread_count(request.user),
    })
