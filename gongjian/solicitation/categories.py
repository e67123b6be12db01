"""The standard opinion categories 意见类别 (codes fixed: they are also the Open311 service codes)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from gongjian.core.audit import stamp
from gongjian.core.errors import Conflict

from . import models

STANDARD_CATEGORIES = [
    ("sanitation", "环境卫生"), ("roads", "道路交通"), ("municipal", "市政设施"), ("property", "物业管理"),
    ("safety", "治安消防"), ("culture", "文体活动"), ("elderly", "养老助残"), ("employment", "就业社保"),
    ("health", "医疗卫生"), ("other", "其他"),
]


def add_missing_standard(Category) -> int:
    """Create the standard categories whose code is missing; existing rows stay as the city left them.
    `Category` is passed in so that the data migration can use its historical model."""
    taken = set(Category.objects.values_list("name", flat=True))
    have = set(Category.objects.filter(code__in=[c for c, _ in STANDARD_CATEGORIES]).values_list("code", flat=True))
    created = 0
    for order, (code, name) in enumerate(STANDARD_CATEGORIES, start=1):
        if code in have:
            continue
        # A category of the same name under another code keeps its name; the standard one is told apart.
        Category.objects.create(code=code, name=name if name not in taken else f"{name}（{code}）",
                                sort_order=order * 10)
        created += 1
    return created


@transaction.atomic
def category_standard_ensure() -> int:
    """The standard list is present (a fresh install has it from the data migration)."""
    return add_missing_standard(models.Category)


STANDARD_CODES = frozenset(code for code, _ in STANDARD_CATEGORIES)


def category_in_use(category) -> bool:
    """A category named by an opinion or a problem is in use: it may be deactivated, never deleted."""
    return category.opinions.exists() or category.problems.exists()


def _category_fields_clean(*, name: str, description: str, sort_order, exclude_pk=None) -> dict:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    description = (description or "").strip()
    if not name:
        errors["name"] = ["请填写类别名称"]
    elif len(name) > 50:
        errors["name"] = ["类别名称不能超过 50 个字"]
    elif models.Category.objects.filter(name=name).exclude(pk=exclude_pk).exists():
        errors["name"] = [f"已有名为“{name}”的类别"]
    if len(description) > 200:
        errors["description"] = ["说明不能超过 200 个字"]
    if sort_order is not None and not (isinstance(sort_order, int) and 0 <= sort_order <= 32767):
        errors["sort_order"] = ["排序须为 0 到 32767 的整数"]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "description": description}


@transaction.atomic
def category_create(*, actor, code: str, name: str, description: str = "", sort_order: int | None = None):
    """Add a city's own category. The code is fixed once given (it is the Open311 service code)."""
    code = (code or "").strip().lower()
    fields = {}
    try:
        fields = _category_fields_clean(name=name, description=description, sort_order=sort_order)
        errors = {}
    except ValidationError as exc:
        errors = dict(exc.message_dict)
    if not code or len(code) > 32 or not code.isascii() or not all(ch.isalnum() or ch in "-_" for ch in code) \
            or not code[0].isalpha():
        errors["code"] = ["代码须为 1 到 32 位小写字母、数字、“-”或“_”，以字母开头，如 parking"]
    elif models.Category.objects.filter(code=code).exists():
        errors["code"] = [f"已有代码为“{code}”的类别"]
    if errors:
        raise ValidationError(errors)
    if sort_order is None:
        sort_order = (models.Category.objects.aggregate(m=Max("sort_order"))["m"] or 0) + 10
    category = models.Category(code=code, sort_order=min(sort_order, 32767), **fields)
    stamp(category, actor, "新增意见类别")
    category.save()
    return category


@transaction.atomic
def category_update(*, actor, category, name: str, description: str = "", sort_order: int | None = None):
    """Rename a category, change its description or its place in lists; its code never changes."""
    category = models.Category.objects.select_for_update().get(pk=category.pk)
    fields = _category_fields_clean(name=name, description=description, sort_order=sort_order,
                                    exclude_pk=category.pk)
    category.name, category.description = fields["name"], fields["description"]
    if sort_order is not None:
        category.sort_order = sort_order
    stamp(category, actor, "修改意见类别")
    category.save(update_fields=["name", "description", "sort_order", "updated_at"])
    return category


@transaction.atomic
def category_move(*, actor, category, direction: str):
    """Move a category one place up or down in the lists residents and staff choose from (the list is
    renumbered 10, 20, 30 … so that ties never block a move)."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": ["只能上移或下移"]})
    rows = list(models.Category.objects.select_for_update().order_by("sort_order", "code"))
    index = next(i for i, c in enumerate(rows) if c.pk == category.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    changed = []
    for position, row in enumerate(rows, start=1):
        if row.sort_order != position * 10:
            row.sort_order = position * 10
            changed.append(row)
    models.Category.objects.bulk_update(changed, ["sort_order"])
    return next(c for c in rows if c.pk == category.pk)


@transaction.atomic
def category_set_active(*, actor, category, active: bool):
    """Deactivate a category (no longer offered for new opinions; old ones keep it) or bring it back."""
    category = models.Category.objects.select_for_update().get(pk=category.pk)
    if active == category.active:
        raise Conflict(f"类别“{category.name}”已经{'启用' if active else '停用'}")
    if not active and not models.Category.objects.filter(active=True).exclude(pk=category.pk).exists():
        raise Conflict("至少要保留一个启用的类别，居民才能提交意见")
    category.active = active
    category.save(update_fields=["active", "updated_at"])
    return category


@transaction.atomic
def category_delete(*, actor, category) -> None:
    """Delete a category the city added and never used. A category in use, or a standard one, is
    deactivated instead (API.md: a category in use is deactivated, never deleted)."""
    category = models.Category.objects.select_for_update().get(pk=category.pk)
    if category.code in STANDARD_CODES:
        raise Conflict(f"“{category.name}”是标准类别，不能删除；不需要时可以停用")
    if category_in_use(category):
        raise Conflict(f"类别“{category.name}”已有意见或问题使用，不能删除；不需要时可以停用")
    category.delete()
