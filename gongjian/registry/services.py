"""Every write to the registry goes through these functions."""

from django.core.exceptions import ValidationError
from django.db import transaction

from gongjian.core.audit import stamp

from .models import Cadre, Community, PartyOrganization, Street, Unit


@transaction.atomic
def street_create(*, actor, name: str, code: str) -> Street:
    street = Street(name=name.strip(), code=code.strip())
    street.full_clean()
    stamp(street, actor, "新建街道")
    street.save()
    return street


@transaction.atomic
def community_create(*, actor, street: Street, name: str, code: str, residents: int = 0,
                     tier: int | None = None, office_premises: str = Community.Premises.OWNED,
                     office_area: int | None = None) -> Community:
    community = Community(street=street, name=name.strip(), code=code.strip(), residents=residents,
                          tier=tier, office_premises=office_premises, office_area=office_area)
    community.full_clean()
    stamp(community, actor, "新建社区")
    community.save()
    return community


@transaction.atomic
def unit_create(*, actor, community: Community, name: str, kind: str = Unit.Kind.OTHER,
                rank: str = Unit.Rank.NONE, contact_name: str = "", contact_phone: str = "") -> Unit:
    unit = Unit(community=community, name=name.strip(), kind=kind, rank=rank,
                contact_name=contact_name, contact_phone=contact_phone)
    unit.full_clean()
    stamp(unit, actor, "新建辖区单位")
    unit.save()
    return unit


@transaction.atomic
def party_organization_create(*, actor, name: str, kind: str, community: Community | None = None,
                              unit: Unit | None = None, members_count: int = 0) -> PartyOrganization:
    if (community is None) == (unit is None):
        raise ValidationError("党组织须且只能属于一个社区或一个单位")
    org = PartyOrganization(name=name, kind=kind, community=community, unit=unit,
                            members_count=members_count)
    org.full_clean()
    stamp(org, actor, "新建党组织")
    org.save()
    return org


@transaction.atomic
def cadre_create(*, actor, community: Community, name: str, birth_year: int, education: str,
                 position: str = "", phone: str = "") -> Cadre:
    cadre = Cadre(community=community, name=name, birth_year=birth_year, education=education,
                  position=position, phone=phone)
    cadre.full_clean()
    stamp(cadre, actor, "新建社区干部")
    cadre.save()
    return cadre


@transaction.atomic
def community_set_tier(*, actor, community: Community, tier: int | None, reason: str) -> Community:
    """Set a community's tier (一类/二类/三类, or None) — e.g. from a demonstration-community
    assessment's final score. The reason is kept in the community's audit history."""
    if tier is not None and tier not in Community.Tier.values:
        raise ValidationError({"tier": ["类别须为 1、2、3 或空"]})
    if not (reason or "").strip():
        raise ValidationError({"reason": ["请说明调整类别的原因"]})
    community = Community.objects.select_for_update().get(pk=community.pk)
    if community.tier != tier:
        community.tier = tier
        stamp(community, actor, reason.strip())
        community.save(update_fields=["tier", "updated_at"])
    return community
