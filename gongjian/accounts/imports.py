"""用户批量导入: an .xlsx of users (name, phone, role, scope by name); all rows or none.

Each row is checked against the importing admin's own scope (a street admin creates users of its own
communities and units only). Every user gets a generated initial password, returned once for the
login slips and changed at first sign-in.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from gongjian import permissions
from gongjian.core.cells import cell_text
from gongjian.core.sheets import ImportRefused, read_upload
from gongjian.registry.models import Community, Street, Unit

from . import services
from .models import Role, User

MAX_ROWS = 2000
HEADERS = ["用户名", "姓名", "手机", "角色", "所属", "联系社区"]
REQUIRED = ["姓名", "角色"]
TEMPLATE_EXAMPLE = [
    ["sanyanjing2", "王芳", "13900000001", "社区", "三眼井社区", ""],
    ["zhujianju2", "李强", "13900000002", "辖区单位", "应城市住房和城乡建设局", ""],
    ["lianluo09", "赵敏", "13900000003", "联络员", "", "三眼井社区、蒲阳社区"],
]
ROLE_NAMES = {str(label): value for value, label in Role.choices} | {v: v for v in Role.values}
ROLE_NAMES |= {"单位": Role.UNIT, "市级": Role.CITY}


@dataclass
class Created:
    user: User
    password: str


def read_rows(fileobj) -> list[dict]:
    """The sheet's rows as dicts keyed by header, through the shared reader (`core.sheets`: .xlsx, .xls
    or CSV; the header is checked before any row is read)."""
    header, rows = read_upload(fileobj, getattr(fileobj, "name", ""), required=REQUIRED, max_rows=MAX_ROWS)
    out = []
    for number, values in rows:
        record = {h: cell_text(v) for h, v in zip(header, values, strict=False) if h}
        if any(record.values()):
            out.append({"row": number, **record})
    return out


def _lookup(model, name: str, label: str, errors: list, row: int):
    matches = list(model.objects.filter(name=name)[:2])
    if len(matches) == 1:
        return matches[0]
    errors.append({"row": row, "field": "所属" if label != "联系社区" else label,
                   "message": f"找不到{label}“{name}”" if not matches else f"有多个{label}叫“{name}”"})
    return None


@transaction.atomic
def users_import(*, actor, fileobj) -> list[Created]:
    """Create every user of the sheet, or none (ImportRefused with errors by row)."""
    records = read_rows(fileobj)
    if not records:
        raise ImportRefused("表格里没有用户")
    errors: list[dict] = []
    plans = []
    seen: set[str] = set()
    for rec in records:
        row = rec["row"]
        role = ROLE_NAMES.get(rec.get("角色", ""))
        username = rec.get("用户名") or rec.get("手机", "")
        if role is None:
            errors.append({"row": row, "field": "角色", "message": "角色须为 街道、社区、辖区单位、联络员、联系领导 之一"})
            continue
        if not username:
            errors.append({"row": row, "field": "用户名", "message": "请填写用户名或手机"})
            continue
        if username.lower() in seen:
            errors.append({"row": row, "field": "用户名", "message": f"用户名“{username}”在表格中重复"})
            continue
        seen.add(username.lower())
        scope, communities = None, []
        model = {Role.STREET: Street, Role.COMMUNITY: Community, Role.UNIT: Unit}.get(role)
        if model is not None:
            scope = _lookup(model, rec.get("所属", ""), {Street: "街道", Community: "社区", Unit: "单位"}[model],
                            errors, row)
            if scope is None:
                continue
        if role in (Role.LIAISON, Role.LEADER):
            names = [n.strip() for n in rec.get("联系社区", "").replace(",", "、").replace("，", "、").split("、")
                     if n.strip()]
            communities = [c for c in (_lookup(Community, n, "联系社区", errors, row) for n in names) if c]
            if len(communities) != len(names):
                continue
        candidate = User(username=username, role=role, **({services.SCOPE_FIELD[role]: scope} if scope else {}))
        if not permissions.can(actor, "create", candidate) or any(
                not permissions.scope_of(actor).covers_community(c.pk) for c in communities):
            errors.append({"row": row, "field": "所属", "message": "超出您的管理范围"})
            continue
        plans.append((row, rec, username, role, scope, communities))
    created: list[Created] = []
    if not errors:
        for row, rec, username, role, scope, communities in plans:
            password = services.initial_password()
            try:
                user = services.user_create(actor=actor, username=username, password=password, role=role,
                                            scope=scope, communities=communities, must_change_password=True,
                                            first_name=rec.get("姓名", ""))
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    label = {"username": "用户名", "password": "用户名"}.get(field, "所属")
                    errors.extend({"row": row, "field": label, "message": m} for m in messages)
                continue
            if rec.get("手机"):
                user.phone = rec["手机"][:30]
                user.save(update_fields=["phone"])
            created.append(Created(user, password))
    if errors:
        raise ImportRefused(f"有 {len({e['row'] for e in errors})} 行不正确，没有导入任何用户", errors)
    return created
