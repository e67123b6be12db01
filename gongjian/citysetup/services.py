"""Writes of the city profile."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from gongjian.core.audit import stamp
from gongjian.core.uploads import check_upload

from . import selectors
from .models import CityProfile

EMBLEM_MAX_BYTES = 2 * 1024 * 1024


@transaction.atomic
def city_profile_save(*, actor, name: str, division_code: str = "", archive_prefix: str,
                      department: str = "", emblem=None, remove_emblem: bool = False) -> CityProfile:
    """Create or change the one city profile. Raises ValidationError with Chinese messages by field."""
    name = (name or "").strip()
    division_code = (division_code or "").strip()
    archive_prefix = (archive_prefix or "").strip().upper()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["请填写城市名称"]
    if division_code and (len(division_code) != 6 or not division_code.isdigit()):
        errors["division_code"] = ["县级行政区划代码是 6 位数字，如应城市 420981"]
    if not archive_prefix or not archive_prefix.isascii() or not archive_prefix.isalnum() \
            or not archive_prefix[0].isalpha() or len(archive_prefix) > 8:
        errors["archive_prefix"] = ["档案号前缀须为 1 到 8 位字母或数字，以字母开头，如 YC"]
    if emblem is not None:
        try:
            check_upload(emblem, field="emblem", kinds=("jpg", "png"), max_bytes=EMBLEM_MAX_BYTES)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    profile = (CityProfile.objects.select_for_update().filter(pk=CityProfile.SINGLETON_ID).first()
               or CityProfile(pk=CityProfile.SINGLETON_ID))
    profile.name, profile.division_code = name, division_code
    profile.archive_prefix, profile.department = archive_prefix, (department or "").strip()
    if remove_emblem and profile.emblem:
        profile.emblem.delete(save=False)
    if emblem is not None:
        if profile.emblem:
            profile.emblem.delete(save=False)
        profile.emblem.save(emblem.name or "emblem.png", emblem, save=False)
    stamp(profile, actor, "修改城市信息")
    profile.save()
    selectors.identity_changed()  # now, and again once committed (a reader in between cached the old)
    transaction.on_commit(selectors.identity_changed)
    return profile


NEXT_ROUND_NOTE_MAX = 100


@transaction.atomic
def next_round_notice_save(*, actor, opens_on: date | None, note: str = "") -> CityProfile:
    """Say when the next round of solicitation opens (or clear it). An install without a saved profile
    gets one from the settings' name and archive prefix, so that its archive numbers stay the same."""
    note = (note or "").strip()
    if len(note) > NEXT_ROUND_NOTE_MAX:
        raise ValidationError({"next_round_note": [f"说明不能超过 {NEXT_ROUND_NOTE_MAX} 个字"]})
    if note and opens_on is None:
        raise ValidationError({"next_round_opens_on": ["请填写下一轮征集预计开始的日期，或清空说明"]})
    profile = CityProfile.objects.select_for_update().filter(pk=CityProfile.SINGLETON_ID).first()
    if profile is None:
        profile = CityProfile(pk=CityProfile.SINGLETON_ID, name=settings.GONGJIAN_CITY_NAME,
                              archive_prefix=settings.GONGJIAN_CITY_CODE)
    profile.next_round_opens_on, profile.next_round_note = opens_on, note
    stamp(profile, actor, "修改下一轮征集预告")
    profile.save()
    selectors.identity_changed()  # now, and again once committed (a reader in between cached the old)
    transaction.on_commit(selectors.identity_changed)
    return profile
