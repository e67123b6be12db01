"""Reads of member data several places need (pages, API, exports), each starting from the rows the
user may see and with a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from gongjian import permissions
from gongjian.registry.models import Cadre, Community

from . import risks
from .exports import masked
from .models import ContactRecord, DuesPayment, Member, MemberReport
from .services import risk_settings_get

SECRETARY = "党委书记"


def members_visible(user) -> QuerySet:
    return permissions.visible(user, Member)


def with_relations(qs: QuerySet) -> QuerySet:
    return qs.select_related("community", "unit", "organization").prefetch_related(
        Prefetch("reports", queryset=MemberReport.objects.select_related("community").order_by("id")))


def filter_members(qs: QuerySet, *, community=None, street=None, unit=None, category: str = "", q: str = "",
                   reported: str = "") -> QuerySet:
    if community:
        qs = qs.filter(community_id=community)
    if street:
        qs = qs.filter(community__street_id=street)
    if unit:
        qs = qs.filter(unit_id=unit)
    if category:
        qs = qs.filter(category=category)
    if q:
        qs = qs.filter(name__contains=q.strip())
    if reported in ("yes", "no"):
        has = MemberReport.objects.values("member_id")
        qs = qs.filter(pk__in=has) if reported == "yes" else qs.exclude(pk__in=has)
    return qs


def secretaries(community_ids) -> dict[int, str]:
    """Community id → the name of its Party secretary (who follows up in the community)."""
    rows = (Cadre.objects.filter(community_id__in=list(community_ids), position=SECRETARY)
            .order_by("community_id", "id").values_list("community_id", "name"))
    found: dict[int, str] = {}
    for community_id, name in rows:
        found.setdefault(community_id, name)
    return found


def follow_up(rule: str, member: Member, secretary_by_community: dict[int, str]) -> str:
    """Who should follow the member up, in words."""
    community = member.community.name if member.community_id else ""
    secretary = secretary_by_community.get(member.community_id)
    community_side = f"{community}党组织" + (f"（书记 {secretary}）" if secretary else "") if community else ""
    if rule == risks.UNDERGROUND and member.unit_id:
        contact = f"，联系人 {member.unit.contact_name}" if member.unit.contact_name else ""
        return f"{member.unit.name}党组织{contact}；会同{community_side}" if community_side else \
            f"{member.unit.name}党组织{contact}"
    if rule == risks.NOMINAL and member.organization_id:
        return member.organization.name + (f"（书记 {secretary}）" if secretary else "")
    return community_side or (member.organization.name if member.organization_id else "")


def risk_list(user, rule: str, *, community=None, street=None, today: date | None = None) -> QuerySet:
    """The members of one risk list the user may see, ready for display (relations selected)."""
    today = today or timezone.localdate()
    qs = filter_members(members_visible(user), community=community, street=street)
    return (risks.flagged(rule, qs, risk_settings_get(), today)
            .select_related("community", "community__street", "unit", "organization")
            .order_by("community__street__code", "community__code", "name", "id"))


def risk_rows(rule: str, members) -> list[dict]:
    """Display rows of a risk list page (masked), with who should follow up."""
    members = list(members)
    by_community = secretaries({m.community_id for m in members if m.community_id})
    rows = []
    for m in members:
        rows.append({
            "member": m, "personal": masked(m), "follow_up": follow_up(rule, m, by_community),
            "last_contact": getattr(m, "last_contact", None), "last_dues": getattr(m, "last_dues", None),
        })
    return rows


def risk_summary(user, *, street=None, community=None, today: date | None = None) -> list[dict]:
    """Per community of the user's scope: how many members each rule flags (three grouped queries)."""
    today = today or timezone.localdate()
    settings = risk_settings_get()
    base = filter_members(members_visible(user), community=community, street=street)
    counts: dict[str, Counter] = {}
    for rule in risks.RULES:
        flagged = risks.flagged(rule, base, settings, today).order_by()
        counts[rule] = Counter(dict(flagged.values_list("community_id").annotate(n=Count("id"))
                                    .values_list("community_id", "n")))
    ids = set().union(*(c.keys() for c in counts.values())) - {None}
    communities = Community.objects.filter(pk__in=ids).select_related("street").order_by("street__code", "code")
    secretary = secretaries(ids)
    return [{"community": c, "street": c.street, "secretary": secretary.get(c.pk, ""),
             **{rule: counts[rule].get(c.pk, 0) for rule in risks.RULES},
             "total": sum(counts[rule].get(c.pk, 0) for rule in risks.RULES)} for c in communities]


def member_card(member: Member) -> dict:
    """What 一卡两表 shows: the member (masked), 双报到, contacts, dues, activities."""
    from gongjian.activities.models import Participation

    reports = list(member.reports.select_related("community").order_by("reported_on"))
    secretary = secretaries([member.community_id]).get(member.community_id) if member.community_id else None
    community_contact = ""
    if member.community_id:
        community_contact = f"{member.community.name}党组织" + (f"（书记 {secretary}）" if secretary else "")
    return {
        "member": member,
        "personal": masked(member),
        "reports": reports,
        "community_contact": community_contact,
        "contacts": list(ContactRecord.objects.filter(member=member).order_by("-date", "-id")[:200]),
        "dues": list(DuesPayment.objects.filter(member=member).order_by("-month")[:120]),
        "participations": list(Participation.objects.filter(member=member)
                               .select_related("activity", "activity__community")
                               .order_by("-activity__date", "-id")[:200]),
    }
