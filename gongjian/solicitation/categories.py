"""The standard opinion categories 意见类别 (codes fixed: they are also the Open311 service codes)."""

from django.db import transaction

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
    from .models import Category

    return add_missing_standard(Category)
