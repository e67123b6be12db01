"""Every write to the registry goes through these functions.

Registry rows are never deleted: staff retire them (撤销) and may restore them (恢复); projects, figures
and the audit history keep pointing at retired rows. Streets and communities loaded from the national
division list (gongjian.divisions) are matched by their national code (`street_sync`, `community_sync`).
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from gongjian.core.audit import stamp

from .models import Cadre, Community, PartyOrganization, Street, Unit


def _require_active_community(community: Community) -> None:
    if not community.active:
        raise ValidationError({"community": [f"{community.name}已撤销，不能在其下新建"]})


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
    if not street.active:
        raise ValidationError({"street": ["该街道已撤销，不能在其下新建社区"]})
    community = Community(street=street, name=name.strip(), code=code.strip(), residents=residents,
                          tier=tier, office_premises=office_premises, office_area=office_area)
    community.full_clean()
    stamp(community, actor, "新建社区")
    community.save()
    return community


@transaction.atomic
def unit_create(*, actor, community: Community, name: str, kind: str = Unit.Kind.OTHER,
                rank: str = Unit.Rank.NONE, contact_name: str = "", contact_phone: str = "") -> Unit:
    _require_active_community(community)
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
    _require_active_community(community or unit.community)
    org = PartyOrganization(name=name, kind=kind, community=community, unit=unit,
                            members_count=members_count)
    org.full_clean()
    stamp(org, actor, "新建党组织")
    org.save()
    return org


@transaction.atomic
def cadre_create(*, actor, community: Community, name: str, birth_year: int, education: str,
                 position: str = "", phone: str = "") -> Cadre:
    _require_active_community(community)
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


# ------------------------------------------------------------------------------ edits


def _save_changes(obj, *, actor, reason: str, **values):
    """Assign `values`; when any differs, check the row and save it with one history entry."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    stamp(obj, actor, reason)
    obj.save()
    return obj


@transaction.atomic
def street_update(*, actor, street: Street, name: str, code: str) -> Street:
    street = Street.objects.select_for_update().get(pk=street.pk)
    return _save_changes(street, actor=actor, reason="修改街道", name=name.strip(), code=code.strip())


@transaction.atomic
def community_update(*, actor, community: Community, street: Street, name: str, code: str, residents: int = 0,
                     tier: int | None = None, office_premises: str = Community.Premises.OWNED,
                     office_area: int | None = None) -> Community:
    community = Community.objects.select_for_update().get(pk=community.pk)
    if street.pk != community.street_id and not street.active:
        raise ValidationError({"street": ["该街道已撤销"]})
    return _save_changes(community, actor=actor, reason="修改社区", street=street, name=name.strip(),
                         code=code.strip(), residents=residents, tier=tier, office_premises=office_premises,
                         office_area=office_area)


@transaction.atomic
def unit_update(*, actor, unit: Unit, community: Community, name: str, kind: str, rank: str,
                contact_name: str = "", contact_phone: str = "") -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    return _save_changes(unit, actor=actor, reason="修改辖区单位", community=community, name=name.strip(),
                         kind=kind, rank=rank, contact_name=contact_name.strip(),
                         contact_phone=contact_phone.strip())


@transaction.atomic
def party_organization_update(*, actor, organization: PartyOrganization, name: str, kind: str,
                              community: Community | None = None, unit: Unit | None = None,
                              members_count: int = 0) -> PartyOrganization:
    if (community is None) == (unit is None):
        raise ValidationError("党组织须且只能属于一个社区或一个单位")
    organization = PartyOrganization.objects.select_for_update().get(pk=organization.pk)
    return _save_changes(organization, actor=actor, reason="修改党组织", name=name.strip(), kind=kind,
                         community=community, unit=unit, members_count=members_count)


@transaction.atomic
def cadre_update(*, actor, cadre: Cadre, community: Community, name: str, birth_year: int, education: str,
                 position: str = "", phone: str = "") -> Cadre:
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    return _save_changes(cadre, actor=actor, reason="修改社区干部", community=community, name=name.strip(),
                         birth_year=birth_year, education=education, position=position.strip(),
                         phone=phone.strip())


# ------------------------------------------------------------------------------ retire and restore


def _set_active(obj, *, actor, active: bool, reason: str):
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if obj.active != active:
        obj.active = active
        stamp(obj, actor, reason)
        obj.save(update_fields=["active", "updated_at"])
    return obj


@transaction.atomic
def street_retire(*, actor, street: Street) -> Street:
    """Retire a street; its communities must be retired first (they would be left without a street)."""
    remaining = street.communities.active().count()
    if remaining:
        raise ValidationError(f"{street.name}下还有 {remaining} 个在册社区，请先撤销这些社区")
    return _set_active(street, actor=actor, active=False, reason="撤销街道")


@transaction.atomic
def street_restore(*, actor, street: Street) -> Street:
    return _set_active(street, actor=actor, active=True, reason="恢复街道")


@transaction.atomic
def community_retire(*, actor, community: Community) -> Community:
    """Retire a community; the units located in it must be moved or retired first."""
    remaining = community.units.active().count()
    if remaining:
        raise ValidationError(f"{community.name}还有 {remaining} 个在册辖区单位，请先把它们迁到其他社区或撤销")
    return _set_active(community, actor=actor, active=False, reason="撤销社区")


@transaction.atomic
def community_restore(*, actor, community: Community) -> Community:
    if not Street.objects.filter(pk=community.street_id, active=True).exists():
        raise ValidationError("所属街道已撤销，请先恢复街道")
    return _set_active(community, actor=actor, active=True, reason="恢复社区")


@transaction.atomic
def unit_retire(*, actor, unit: Unit) -> Unit:
    return _set_active(unit, actor=actor, active=False, reason="撤销辖区单位")


@transaction.atomic
def unit_restore(*, actor, unit: Unit) -> Unit:
    if not Community.objects.filter(pk=unit.community_id, active=True).exists():
        raise ValidationError("所在社区已撤销，请先恢复社区或把单位迁到其他社区")
    return _set_active(unit, actor=actor, active=True, reason="恢复辖区单位")


@transaction.atomic
def party_organization_retire(*, actor, organization: PartyOrganization) -> PartyOrganization:
    return _set_active(organization, actor=actor, active=False, reason="撤销党组织")


@transaction.atomic
def party_organization_restore(*, actor, organization: PartyOrganization) -> PartyOrganization:
    return _set_active(organization, actor=actor, active=True, reason="恢复党组织")


@transaction.atomic
def cadre_retire(*, actor, cadre: Cadre) -> Cadre:
    return _set_active(cadre, actor=actor, active=False, reason="撤销社区干部")


@transaction.atomic
def cadre_restore(*, actor, cadre: Cadre) -> Cadre:
    return _set_active(cadre, actor=actor, active=True, reason="恢复社区干部")


# ------------------------------------------------------------------------------ the national division list

NATIONAL_STREET_CODE = re.compile(r"^\d{9}$")
NATIONAL_COMMUNITY_CODE = re.compile(r"^\d{12}$")
CREATED, UPDATED, UNCHANGED, KEPT_RETIRED = "created", "updated", "unchanged", "retired"
SYNC_REASON = "按全国行政区划代码更新"


@transaction.atomic
def street_sync(*, actor, code: str, name: str) -> tuple[Street, str]:
    """Bring the street of national `code` to its official `name`: create it, rename it, or leave it.

    A street staff entered by hand under a local code (e.g. 城中街道 "CZ") takes the national code; a
    retired street stays retired and untouched. Answers the street and what happened (CREATED …).
    """
    street = Street.objects.select_for_update().filter(code=code).first()
    if street is None:
        street = Street.objects.select_for_update().filter(name=name).first()
        if street is not None and NATIONAL_STREET_CODE.match(street.code):
            raise ValidationError(f"已有同名街道“{name}”（代码 {street.code}），不能再载入代码为 {code} 的同名街道")
    if street is None:
        return street_create(actor=actor, name=name, code=code), CREATED
    if not street.active:
        return street, KEPT_RETIRED
    if street.name == name and street.code == code:
        return street, UNCHANGED
    return _save_changes(street, actor=actor, reason=SYNC_REASON, name=name, code=code), UPDATED


@transaction.atomic
def community_sync(*, actor, street: Street, code: str, name: str) -> tuple[Community, str]:
    """The same for a community/village of `street`: its name and code follow the national list; what
    staff entered (residents, tier, premises, office area, its street) is kept."""
    community = Community.objects.select_for_update().filter(code=code).first()
    if community is None:
        community = Community.objects.select_for_update().filter(street=street, name=name).first()
        if community is not None and NATIONAL_COMMUNITY_CODE.match(community.code):
            raise ValidationError(f"{street.name}已有同名社区“{name}”（代码 {community.code}），"
                                  f"不能再载入代码为 {code} 的同名社区")
    if community is None:
        return community_create(actor=actor, street=street, name=name, code=code), CREATED
    if not community.active:
        return community, KEPT_RETIRED
    if community.name == name and community.code == code:
        return community, UNCHANGED
    return _save_changes(community, actor=actor, reason=SYNC_REASON, name=name, code=code), UPDATED
