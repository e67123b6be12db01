"""Member test data built through the real services."""

from datetime import date

from gongjian.members import services
from gongjian.members.models import Member
from gongjian.registry.services import party_organization_create

_n = {"n": 0}


def id_number(birth: str = "19650312") -> str:
    """A valid 18-character ID number (a fresh serial each call)."""
    _n["n"] += 1
    first17 = f"420981{birth}{_n['n'] % 1000:03d}"
    return first17 + services.id_check_digit(first17)


def community_org(community):
    from gongjian.registry.models import PartyOrganization

    return (PartyOrganization.objects.filter(community=community).first()
            or party_organization_create(actor=None, name=f"中共{community.name}委员会", kind="committee",
                                         community=community))


def make_member(city=None, *, name="张建国", category=Member.Category.SELF_MANAGED, community=None, unit=None,
                registered_on=date(2010, 1, 4), phone="13812345678", away=False, organization=None,
                address="人民路12号3栋2单元", **extra) -> Member:
    if community is None and city is not None and unit is None:
        community = city.community
    if organization is None and community is not None and category != Member.Category.IN_SERVICE:
        organization = community_org(community)
    return services.member_register(actor=None, name=name, category=category, community=community, unit=unit,
                                    organization=organization, id_number=extra.pop("id_number", id_number()),
                                    phone=phone, address=address, away=away, registered_on=registered_on, **extra)


def in_service(city, *, name="李明", unit=None, community=..., **extra) -> Member:
    """An in-service member of `unit` (city.unit) living in `community` (city.community; None: unknown)."""
    return make_member(city, name=name, category=Member.Category.IN_SERVICE, unit=unit or city.unit,
                       community=city.community if community is ... else community, **extra)


def put(client, path: str, data: dict):
    """A JSON PUT through an ApiClient (it has get and post only)."""
    import json

    return client.client.put(client._url(path), json.dumps(data), content_type="application/json", **client.headers)
