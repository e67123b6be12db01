"""Reads of the city profile and the set-up checklist."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import CityProfile


def city_profile() -> CityProfile:
    """The saved profile, or an unsaved one from the settings (GONGJIAN_CITY_NAME / _CODE) so that an
    install that predates the profile keeps its names and archive numbers unchanged."""
    profile = CityProfile.objects.filter(pk=CityProfile.SINGLETON_ID).first()
    if profile is not None:
        return profile
    return CityProfile(pk=None, name=settings.GONGJIAN_CITY_NAME, archive_prefix=settings.GONGJIAN_CITY_CODE)


IDENTITY_KEY = "citysetup:identity"


def city_identity() -> dict:
    """What every page's header shows — the city's name and whether it has an emblem (with a version
    for the emblem's URL) — from the profile, cached; `identity_changed()` drops it when it is saved."""
    def load():
        profile = city_profile()
        return {"name": profile.name, "emblem": bool(profile.pk and profile.emblem),
                "version": int(profile.updated_at.timestamp()) if profile.pk else 0}

    return cache.get_or_set(IDENTITY_KEY, load, timeout=3600)


def identity_changed() -> None:
    cache.delete(IDENTITY_KEY)


def archive_prefix() -> str:
    return city_profile().archive_prefix


def next_round_notice(today: date | None = None) -> str:
    """What residents are told when no round is open: "下一轮征集预计于 2027年3月1日 开始。" and the note,
    when a date in the future is set; "" otherwise."""
    profile = city_profile()
    opens_on = profile.next_round_opens_on
    if opens_on is None or opens_on <= (today or timezone.localdate()):
        return ""
    text = f"下一轮征集预计于 {opens_on.year}年{opens_on.month}月{opens_on.day}日 开始。"
    return text + (f"{profile.next_round_note.rstrip('。')}。" if profile.next_round_note else "")


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    help: str
    done: bool
    detail: str
    url: str | None


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # an app not installed in this deployment
        return None


def checklist() -> list[Step]:
    """The first-run steps, each done or to do, with the page where it is done. Five small queries."""
    from gongjian.accounts.models import Role, User
    from gongjian.registry.models import Community, Street
    from gongjian.solicitation.models import Category, Round

    saved = CityProfile.objects.filter(pk=CityProfile.SINGLETON_ID).first()
    streets = Street.objects.count()
    communities = Community.objects.count()
    users = User.objects.filter(is_active=True).exclude(role__in=["", Role.CITY]).count()
    categories = Category.objects.filter(active=True).count()
    rounds = Round.objects.count()
    return [
        Step("profile", "城市信息", "城市名称、县级行政区划代码、档案号前缀、牵头部门和标志",
             saved is not None, saved.name if saved else "尚未填写", _url("citysetup:profile")),
        Step("registry", "街道和社区", "从全国行政区划代码表载入本市的街道和社区，选择参加的街道",
             streets > 0 and communities > 0, f"{streets} 个街道，{communities} 个社区",
             _url("divisions:load") or _url("registry:community_list")),
        Step("users", "用户", "为街道、社区、辖区单位和联络员开设账号，打印初始密码登录条",
             users > 0, f"{users} 个账号", _url("accounts:user_list")),
        Step("categories", "意见类别", "意见建议的分类（已预置标准类别，可增改）",
             categories > 0, f"{categories} 个启用的类别", _url("solicitation:category_list")),
        Step("round", "第一个征集轮次", "开启一轮征求意见，居民即可在公众页面提交",
             rounds > 0, f"{rounds} 个轮次", _url("solicitation:round_list")),
    ]
