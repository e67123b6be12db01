from django.utils.functional import SimpleLazyObject

from .navigation import menu_for


def navigation(request):
    """The staff menu, and the city's name and emblem from its profile (cached; read only by pages
    that show them)."""
    from gongjian.citysetup.selectors import city_identity

    user = getattr(request, "user", None)
    menu = menu_for(user) if user is not None and user.is_authenticated else []
    identity = SimpleLazyObject(city_identity)  # looked up once per request, only if a page shows it
    return {"staff_menu": menu, "city_name": SimpleLazyObject(lambda: identity["name"]),
            "city_identity": identity}
