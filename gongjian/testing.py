"""Test helpers shared by every app's tests: a small city built through the real services, and an
API client that authenticates with a real bearer token."""

import json
from dataclasses import dataclass
from datetime import date

from django.test import Client

from gongjian.accounts.services import token_issue, user_create
from gongjian.registry.services import community_create, street_create, unit_create
from gongjian.solicitation.categories import category_standard_ensure
from gongjian.solicitation.models import Category

PASSWORD = "Gj-test-pass-2010"


@dataclass
class SmallCity:
    """Two streets, three communities, four units, one user of every role, categories."""

    street: object
    other_street: object
    community: object  # 三眼井社区, in `street`
    sibling: object  # another community of `street`
    far: object  # a community of `other_street`
    unit: object  # in `community`
    co_unit: object  # in `community`
    sibling_unit: object
    far_unit: object
    city_user: object
    street_user: object
    other_street_user: object
    community_user: object
    far_community_user: object
    unit_user: object
    co_unit_user: object
    far_unit_user: object
    liaison_user: object
    leader_user: object
    category: object


def build_small_city() -> SmallCity:
    street = street_create(actor=None, name="城中街道", code="CZ")
    other = street_create(actor=None, name="城北街道", code="CB")
    community = community_create(actor=None, street=street, name="三眼井社区", code="CZ01", residents=6000)
    sibling = community_create(actor=None, street=street, name="蒲阳社区", code="CZ02", residents=5000)
    far = community_create(actor=None, street=other, name="城北社区", code="CB01", residents=4000)
    unit = unit_create(actor=None, community=community, name="应城市住建局", kind="organ", rank="section")
    co_unit = unit_create(actor=None, community=community, name="应城市供电公司", kind="soe")
    sibling_unit = unit_create(actor=None, community=sibling, name="应城市第一中学", kind="school")
    far_unit = unit_create(actor=None, community=far, name="应城市人民医院", kind="hospital")

    def make(username, role, scope=None, communities=()):
        return user_create(actor=None, username=username, password=PASSWORD, role=role, scope=scope,
                           communities=communities, validate=False, must_change_password=False)

    category_standard_ensure()  # as after migrate (a transactional test's flush removes migration data)
    category = Category.objects.get(code="sanitation")
    site_visited()
    return SmallCity(
        street=street, other_street=other, community=community, sibling=sibling, far=far,
        unit=unit, co_unit=co_unit, sibling_unit=sibling_unit, far_unit=far_unit,
        city_user=make("city", "city"),
        street_user=make("street", "street", street),
        other_street_user=make("street2", "street", other),
        community_user=make("community", "community", community),
        far_community_user=make("community_far", "community", far),
        unit_user=make("unit", "unit", unit),
        co_unit_user=make("counit", "unit", co_unit),
        far_unit_user=make("unit_far", "unit", far_unit),
        liaison_user=make("liaison", "liaison", communities=[community]),
        leader_user=make("leader", "leader", communities=[community, sibling]),
        category=category,
    )


class ApiClient:
    """JSON calls to /api/v1/ as a given user (None: anonymous)."""

    def __init__(self, user=None, password: str = PASSWORD):
        self.client = Client()
        self.headers = {}
        if user is not None:
            token = token_issue(username=user.username, password=password)
            assert token, f"could not log {user.username} in"
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def _url(self, path: str) -> str:
        return path if path.startswith("/") else f"/api/v1/{path}"

    def get(self, path, params=None):
        return self.client.get(self._url(path), params or {}, **self.headers)

    def post(self, path, data=None):
        return self.client.post(self._url(path), json.dumps(data or {}, default=str),
                                content_type="application/json", **self.headers)

    def post_multipart(self, path, data):
        return self.client.post(self._url(path), data, **self.headers)


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def image_bytes(kind: str = "png", size: tuple[int, int] = (8, 6), orientation: int | None = None) -> bytes:
    """A real little photo (Pillow), for uploads that are opened to make a thumbnail; `orientation`
    writes that EXIF orientation tag (6: the camera was turned, the picture lies on its side)."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if kind == "png":
        image.save(out, "PNG")
    else:
        exif = Image.Exif()
        if orientation:
            exif[0x0112] = orientation
        image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def site_visited() -> None:
    """The city's name and emblem, which every page's header shows, are cached site-wide after the
    first page; a test that counts one page's queries against another's starts from there."""
    from gongjian.citysetup.selectors import city_identity

    city_identity()
