"""Every write of community conditions: cadres' training records and the yearly working budget.
(Cadres and premises themselves are written through the registry's services.)"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from gongjian.core.audit import stamp, user_or_none
from gongjian.funding.services import money

from .models import CadreTraining, CommunityBudget


@transaction.atomic
def training_record(*, actor, cadre, title: str, held_on: date, hours, organiser: str = "",
                    certificate: str = "") -> CadreTraining:
    try:
        hours = Decimal(str(hours))
    except Exception:
        raise ValidationError({"hours": ["学时须为数字"]}) from None
    training = CadreTraining(cadre=cadre, community_id=cadre.community_id, title=(title or "").strip(),
                             held_on=held_on, hours=hours, organiser=(organiser or "").strip(),
                             certificate=(certificate or "").strip(), recorded_by=user_or_none(actor))
    training.full_clean()
    if not hours > 0:
        raise ValidationError({"hours": ["学时须大于 0"]})
    stamp(training, actor, "登记干部培训")
    training.save()
    return training


@transaction.atomic
def budget_set(*, actor, community, year: int, allocated, spent=0, source: str = "",
               note: str = "") -> CommunityBudget:
    """Set (create or change) a community's working budget for a year."""
    budget = CommunityBudget.objects.select_for_update().filter(community=community, year=year).first()
    created = budget is None
    if created:
        budget = CommunityBudget(community=community, year=year)
    budget.allocated = money(allocated, "allocated")
    budget.spent = money(spent or 0, "spent")
    budget.source = (source or "").strip()
    budget.note = (note or "").strip()
    budget.full_clean(validate_unique=False)
    stamp(budget, actor, f"{'核定' if created else '调整'} {year} 年工作经费 {budget.allocated} 元")
    budget.save()
    return budget
