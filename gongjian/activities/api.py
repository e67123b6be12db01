"""API: co-building activities 共建活动, their participants and hours, volunteer-hour totals, a unit's
participation (for the assessment), and the public list of activities (no personal data)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch
from ninja import Query, Router, Schema, Status

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.api.base import (
    COMMON_ERRORS,
    BadRequest,
    PageParams,
    YearParam,
    body_doc,
    page_of,
    paged,
    rate_limit,
    read_body,
    resolve_ref,
)
from gongjian.members.models import Member
from gongjian.registry.models import Cadre, Community, Unit

from . import selectors, services
from .models import Activity, Participation

router = Router(tags=["共建活动"])


class ActivityIn(Schema):
    kind: str
    title: str
    community: int | str
    date: date
    organiser_unit: int | str | None = None
    organiser_community: int | str | None = None
    hours: Decimal | str = Decimal("2")
    place: str = ""
    description: str = ""
    public: bool = True


class ActivityOut(Schema):
    id: int
    kind: str
    kind_name: str
    title: str
    community: int
    community_name: str
    organiser_unit: int | None
    organiser_community: int | None
    organiser_name: str
    date: date
    hours: str
    place: str
    public: bool
    participants: int


class ActivityParticipantOut(Schema):
    id: int
    member: int | None
    cadre: int | None
    name: str
    unit: int | None
    unit_name: str
    hours: str


class ActivityDetailOut(ActivityOut):
    description: str
    participant_list: list[ActivityParticipantOut]


class ActivityParticipantsIn(Schema):
    members: list[int] = []
    cadres: list[int] = []
    hours: Decimal | str | None = None


class VolunteerHoursOut(Schema):
    id: int
    name: str
    unit_name: str = ""
    community_name: str = ""
    activities: int
    people: int | None = None
    hours: str


class ActivityParticipationOut(Schema):
    unit: int
    year: int
    activities_organised: int
    activities_joined: int
    people: int
    participations: int
    hours: str
    members: int
    members_reported: int


class PublicActivityOut(Schema):
    id: int
    kind: str
    kind_name: str
    title: str
    community: int
    community_name: str
    organiser_name: str
    date: date
    place: str
    hours: str
    participants: int
    description: str


def _activity_out(a: Activity) -> dict:
    organiser = a.organiser_unit or a.organiser_community
    return {"id": a.pk, "kind": a.kind, "kind_name": a.get_kind_display(), "title": a.title,
            "community": a.community_id, "community_name": a.community.name,
            "organiser_unit": a.organiser_unit_id, "organiser_community": a.organiser_community_id,
            "organiser_name": organiser.name if organiser else "", "date": a.date, "hours": f"{a.hours:.1f}",
            "place": a.place, "public": a.public, "participants": getattr(a, "participant_count", 0)}


def _with_relations(qs):
    return qs.select_related("community", "organiser_unit", "organiser_community").annotate(
        participant_count=Count("participations"))


def _participant_out(p: Participation) -> dict:
    person = p.member or p.cadre
    return {"id": p.pk, "member": p.member_id, "cadre": p.cadre_id, "name": person.name, "unit": p.unit_id,
            "unit_name": p.unit.name if p.unit_id else "", "hours": f"{p.hours:.1f}"}


def _detail(request, activity_id: int) -> dict:
    qs = _with_relations(permissions.visible(request.user, Activity)).prefetch_related(
        Prefetch("participations", queryset=Participation.objects.select_related("member", "cadre", "unit")))
    a = permissions.get_visible_or_404(request.user, Activity, activity_id, queryset=qs)
    return {**_activity_out(a), "description": a.description,
            "participant_list": [_participant_out(p) for p in a.participations.all()]}


class ActivityFilters(PageParams):
    community: int | None = None
    street: int | None = None
    organiser_unit: int | None = None
    kind: str = ""
    year: YearParam | None = None


@router.get("/activities", response={200: page_of(ActivityOut), **COMMON_ERRORS}, summary="共建活动列表")
def activity_list(request, filters: Query[ActivityFilters]):
    qs = permissions.visible(request.user, Activity)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.street is not None:
        qs = qs.filter(community__street_id=filters.street)
    if filters.organiser_unit is not None:
        qs = qs.filter(organiser_unit_id=filters.organiser_unit)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year:
        qs = qs.filter(date__year=filters.year)
    return paged(_with_relations(qs).order_by("-date", "-id"), filters, out=_activity_out)


@router.post("/activities", response={201: ActivityDetailOut, **COMMON_ERRORS}, openapi_extra=body_doc(ActivityIn),
             summary="登记共建活动")
def activity_create(request):
    user = request.user
    permissions.require(user, "create", Activity)
    data = read_body(request, ActivityIn)
    if data.kind not in Activity.Kind.values:
        raise BadRequest("活动类型无效", {"kind": ["应为 " + "、".join(Activity.Kind.values)]})
    scope = permissions.scope_of(user)
    community = resolve_ref(Community.objects.all(), data.community, "community", "社区")
    organiser_unit = organiser_community = None
    if data.organiser_unit not in (None, ""):
        # Named among the units the user sees: a unit of another street is "not there" (400); the
        # policy below refuses a seen unit the user does not act for (403).
        organiser_unit = resolve_ref(permissions.visible(user, Unit), data.organiser_unit, "organiser_unit",
                                     "组织单位", by=("name",))
    elif data.organiser_community not in (None, ""):
        organiser_community = resolve_ref(Community.objects.all(), data.organiser_community,
                                          "organiser_community", "组织社区")
    elif scope.role == Role.UNIT:
        organiser_unit = Unit.objects.get(pk=scope.unit_id)
    else:
        organiser_community = community
    draft = Activity(community=community, organiser_unit=organiser_unit, organiser_community=organiser_community)
    permissions.require(user, "create", draft)
    activity = services.activity_create(
        actor=user, kind=data.kind, title=data.title, community=community, date=data.date,
        organiser_unit=organiser_unit, organiser_community=organiser_community, hours=data.hours,
        place=data.place, description=data.description, public=data.public)
    return Status(201, _detail(request, activity.pk))


@router.get("/activities/{activity_id}", response={200: ActivityDetailOut, **COMMON_ERRORS}, summary="活动详情")
def activity_detail(request, activity_id: int):
    return _detail(request, activity_id)


@router.post("/activities/{activity_id}/participants", response={200: ActivityDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ActivityParticipantsIn), summary="登记参加人（党员、社区干部）和服务时长")
def participants_add(request, activity_id: int):
    user = request.user
    activity = permissions.get_visible_or_404(user, Activity, activity_id)
    permissions.require(user, "participants", activity)
    data = read_body(request, ActivityParticipantsIn)
    members = list(permissions.visible(user, Member).filter(pk__in=data.members))
    missing = set(data.members) - {m.pk for m in members}
    # Cadres of the activity's community (and of communities the user covers) may be named.
    cadres = list(Cadre.objects.filter(pk__in=data.cadres, community_id=activity.community_id)) + \
        list(permissions.visible(user, Cadre).filter(pk__in=data.cadres).exclude(community_id=activity.community_id))
    missing_cadres = set(data.cadres) - {c.pk for c in cadres}
    errors = {}
    if missing:
        errors["members"] = [f"党员 {', '.join(map(str, sorted(missing)))} 不存在或不在您的范围内"]
    if missing_cadres:
        errors["cadres"] = [f"社区干部 {', '.join(map(str, sorted(missing_cadres)))} 不存在或不在您的范围内"]
    if errors:
        raise BadRequest("参加人有误", errors)
    services.participants_add(actor=user, activity=activity, members=members, cadres=cadres, hours=data.hours)
    return _detail(request, activity.pk)


class VolunteerHoursFilters(PageParams):
    by: str = "member"
    year: YearParam | None = None
    community: int | None = None


@router.get("/volunteer-hours", response={200: page_of(VolunteerHoursOut), **COMMON_ERRORS},
            summary="志愿服务时长合计：by=member 按党员、cadre 按社区干部、unit 按单位")
def volunteer_hours(request, filters: Query[VolunteerHoursFilters]):
    qs = permissions.visible(request.user, Participation)
    if filters.community is not None:
        qs = qs.filter(activity__community_id=filters.community)
    year = filters.year
    if filters.by == "member":
        out = paged(selectors.hours_by_member(qs, year), filters)
        results = [{"id": r["member_id"], "name": r["member__name"], "unit_name": r["member__unit__name"] or "",
                    "community_name": r["member__community__name"] or "", "activities": r["activities"],
                    "hours": f"{r['hours']:.1f}"} for r in out["results"]]
    elif filters.by == "cadre":
        out = paged(selectors.hours_by_cadre(qs, year), filters)
        results = [{"id": r["cadre_id"], "name": r["cadre__name"], "community_name": r["cadre__community__name"],
                    "activities": r["activities"], "hours": f"{r['hours']:.1f}"} for r in out["results"]]
    elif filters.by == "unit":
        out = paged(selectors.hours_by_unit(qs, year), filters)
        results = [{"id": r["unit_id"], "name": r["unit__name"], "activities": r["participations"],
                    "people": r["people"], "hours": f"{r['hours']:.1f}"} for r in out["results"]]
    else:
        raise BadRequest("by 无效", {"by": ["应为 member、cadre 或 unit"]})
    return {"count": out["count"], "results": results}


@router.get("/units/{unit_id}/participation", response={200: ActivityParticipationOut, **COMMON_ERRORS},
            summary="单位参与共建活动情况（考核用）")
def unit_participation(request, unit_id: int, year: YearParam):
    scope = permissions.scope_of(request.user)
    units = Unit.objects.filter(pk=scope.unit_id) if scope.role == Role.UNIT else \
        permissions.visible(request.user, Unit)
    unit = permissions.get_visible_or_404(request.user, Unit, unit_id, queryset=units)
    out = selectors.unit_participation(unit, year)
    return {**out, "hours": f"{out['hours']:.1f}"}


def public_activity_out(a: Activity) -> dict:
    """An activity as residents see it: what, where, when, who organised it — no person's data."""
    organiser = a.organiser_unit or a.organiser_community
    return {"id": a.pk, "kind": a.kind, "kind_name": a.get_kind_display(), "title": a.title,
            "community": a.community_id, "community_name": a.community.name,
            "organiser_name": organiser.name if organiser else "", "date": a.date, "place": a.place,
            "hours": f"{a.hours:.1f}", "participants": getattr(a, "participant_count", 0),
            "description": a.description}


class PublicActivityFilters(PageParams):
    when: str = "upcoming"
    community: int | None = None


@router.get("/public/activities", auth=None, tags=["居民公开接口"],
            response={200: page_of(PublicActivityOut), **COMMON_ERRORS},
            summary="公开：近期和以往的共建活动（不含个人信息）")
def public_activity_list(request, filters: Query[PublicActivityFilters]):
    rate_limit(request, "public-activities", "120/m")
    if filters.when not in ("upcoming", "past"):
        raise BadRequest("when 无效", {"when": ["应为 upcoming 或 past"]})
    qs = selectors.public_activities(when=filters.when, community_id=filters.community).annotate(
        participant_count=Count("participations"))
    return paged(qs, filters, out=public_activity_out)

