"""The overviews of community conditions — where communities fall short in training and in the funds
that should follow the work moved to them: how many communities rent or lack proper offices, the cadres' age and education mix, training, budget
and the funds departments owe — per street or per community, and for the whole scope.

Every figure is a grouped aggregate: five queries whatever the number of communities.
"""

from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from gongjian import permissions
from gongjian.funding.models import FundPromise
from gongjian.registry.models import Cadre, Community

from .models import CadreTraining, CommunityBudget
from .permissions import READERS

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))
AGE_BANDS = [("age_35", "35岁及以下", 0, 35), ("age_45", "36–45岁", 36, 45), ("age_55", "46–55岁", 46, 55),
             ("age_56", "56岁及以上", 56, 200)]
EDUCATION = [(value, str(label)) for value, label in Cadre.Education.choices]
PREMISES = [(value, str(label)) for value, label in Community.Premises.choices]


def _age_q(year: int, low: int, high: int) -> Q:
    return Q(birth_year__gte=year - high, birth_year__lte=year - low)


def overview(communities: QuerySet, year: int, by: str = "street", cadres: QuerySet | None = None,
             trainings: QuerySet | None = None, budgets: QuerySet | None = None,
             promises: QuerySet | None = None) -> dict:
    """{"rows": [...], "total": {...}} grouped `by` street or community. The querysets are the ones the
    user may see; `communities` limits all of them."""
    if by not in ("street", "community"):
        raise ValueError(by)
    ids = communities.values("id")
    key, name, via = (("street_id", "street__name", "community__street_id") if by == "street"
                      else ("id", "name", "community_id"))
    rows: dict[int, dict] = {}

    premises = {f"premises_{value}": Count("id", filter=Q(office_premises=value)) for value, _l in PREMISES}
    for r in (Community.objects.filter(id__in=ids).values(key, name)
              .annotate(communities=Count("id"), residents=Sum("residents"), office_area=Avg("office_area"),
                        **premises).order_by(key)):
        r["id"], r["name"] = r.pop(key), r.pop(name)
        rows[r["id"]] = r

    cadre_qs = (cadres if cadres is not None else Cadre.objects.all()).filter(community_id__in=ids)
    bands = {band: Count("id", filter=_age_q(year, low, high)) for band, _l, low, high in AGE_BANDS}
    schooling = {f"edu_{value}": Count("id", filter=Q(education=value)) for value, _l in EDUCATION}
    for r in cadre_qs.values(via).annotate(cadres=Count("id"), **bands, **schooling).order_by(via):
        rows.setdefault(r.pop(via), {}).update(r)

    training_qs = (trainings if trainings is not None else CadreTraining.objects.all()).filter(
        community_id__in=ids, held_on__year=year)
    for r in (training_qs.values(via).annotate(trained=Count("cadre_id", distinct=True), hours=Sum("hours"))
              .order_by(via)):
        rows.setdefault(r.pop(via), {}).update(r)

    budget_qs = (budgets if budgets is not None else CommunityBudget.objects.all()).filter(
        community_id__in=ids, year=year)
    for r in (budget_qs.values(via).annotate(allocated=Coalesce(Sum("allocated"), ZERO),
                                             spent=Coalesce(Sum("spent"), ZERO)).order_by(via)):
        rows.setdefault(r.pop(via), {}).update(r)

    if promises is not None:
        owed = promises.filter(community_id__in=ids, request__status="admitted")
        for r in (owed.values(via).annotate(promised_sum=Coalesce(Sum("amount"), ZERO),
                                            paid_sum=Coalesce(Sum("paid"), ZERO)).order_by(via)):
            rows.setdefault(r.pop(via), {}).update(promised=r["promised_sum"], paid=r["paid_sum"])

    numeric = (["communities", "residents", "cadres", "trained", "hours", "allocated", "spent", "promised", "paid"]
               + [f"premises_{v}" for v, _l in PREMISES] + [b for b, *_r in AGE_BANDS]
               + [f"edu_{v}" for v, _l in EDUCATION])
    result = [r for r in rows.values() if "name" in r]
    total: dict = {"name": "合计", "id": None}
    for r in result:
        for field in numeric:
            r.setdefault(field, 0)
            total[field] = total.get(field, 0) + (r[field] or 0)
        _derive(r)
    areas = Community.objects.filter(id__in=ids).aggregate(a=Avg("office_area"))
    total["office_area"] = areas["a"]
    for field in numeric:
        total.setdefault(field, 0)
    _derive(total)
    result.sort(key=lambda r: r["name"] if by == "community" else r["id"])
    return {"rows": result, "total": total, "year": year, "by": by}


def _derive(r: dict) -> None:
    """Shares and flags computed from the counts of one row."""
    cadres = r.get("cadres") or 0
    r["balance"] = (r.get("promised") or 0) - (r.get("paid") or 0)
    r["older"] = (r.get("age_56") or 0)
    r["low_education"] = (r.get("edu_primary") or 0) + (r.get("edu_junior") or 0)
    r["older_share"] = round(r["older"] * 100 / cadres) if cadres else None
    r["low_education_share"] = round(r["low_education"] * 100 / cadres) if cadres else None
    r["trained_share"] = round((r.get("trained") or 0) * 100 / cadres) if cadres else None
    r["premises_gap"] = sum(r.get(f"premises_{v}") or 0 for v in ("rented", "incomplete", "none"))
    r["office_area"] = round(r["office_area"]) if r.get("office_area") is not None else None


def communities_with_gaps(communities: QuerySet) -> QuerySet:
    """Communities whose offices are rented, incomplete or missing (the gaps to close)."""
    return (communities.exclude(office_premises=Community.Premises.OWNED).select_related("street")
            .order_by("office_premises", "code"))


def build_overview(user, year: int, by: str = "street", street: int | None = None) -> dict:
    """The overview for what `user` may see (pages, API and export share it)."""
    communities = permissions.communities_in_scope(user)
    if permissions.scope_of(user).role not in READERS:
        communities = communities.none()
    if street is not None:
        communities = communities.filter(street_id=street)
    return overview(
        communities, year, by=by, cadres=permissions.visible(user, Cadre),
        trainings=permissions.visible(user, CadreTraining), budgets=permissions.visible(user, CommunityBudget),
        promises=permissions.visible(user, FundPromise))

