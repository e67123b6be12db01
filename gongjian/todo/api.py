"""API: GET todo — the signed-in user's to-do list."""

from ninja import Router, Schema

from gongjian.api.base import COMMON_ERRORS

from . import selectors

router = Router(tags=["待办"])


class TodoGroupOut(Schema):
    kind: str
    label: str
    count: int
    url: str


class TodoOut(Schema):
    total: int
    groups: list[TodoGroupOut]


@router.get("/todo", response={200: TodoOut, **COMMON_ERRORS}, summary="我的待办")
def todo(request):
    groups = selectors.todo_for(request.user)
    return {"total": sum(g.count for g in groups), "groups": [g.__dict__ for g in groups]}
