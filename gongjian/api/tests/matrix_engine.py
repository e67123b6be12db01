"""The machinery of the access-control matrix: fill a path's ids from the scene, call it as each role,
and fingerprint the records a refused write must leave alone."""

import json
import re

from django.core.cache import cache
from django.db.models import Max
from django.test import Client

from gongjian.testing import ApiClient

from .conftest import CITY_WIDE_KINDS, ROLES, SCOPED_KINDS, role_users

UNKNOWN_ID = 987654
# Path parameters whose objects the scene builds, own (三眼井社区) and far (城北社区).
PARAM_KINDS = {
    "opinion_id": "opinion", "problem_id": "problem", "project_id": "project", "report_id": "report",
    "extension_id": "extension", "receipt_code": "receipt_code", "unit_id": "unit",
    "community_id": "community", "round_id": "round", **SCOPED_KINDS, **CITY_WIDE_KINDS,
}


def kinds_in(path: str) -> set[str]:
    """The kinds of add_scoped_objects() that `path` names."""
    return {kind for param, kind in {**SCOPED_KINDS, **CITY_WIDE_KINDS}.items() if f"{{{param}}}" in path}
ALL_ROLES = ("anon",) + ROLES


def fill(path: str, scene, side: str) -> str:
    """`path` with every {param} replaced by the id of the scene's object on `side` (own/far)."""
    objects = scene.own if side == "own" else scene.far
    city = scene.city

    def value(match):
        kind = PARAM_KINDS.get(match.group(1))
        if kind == "receipt_code":
            return objects["opinion"].receipt_code
        if kind == "unit":
            return str((city.unit if side == "own" else city.far_unit).pk)
        if kind == "round":
            return str(scene.round.pk)
        if kind == "community":
            return str((city.community if side == "own" else city.far).pk)
        if kind in objects:
            return str(objects[kind].pk)
        return str(UNKNOWN_ID)

    return re.sub(r"\{(\w+)\}", value, path)


class Callers:
    """One token client per role, made once per test."""

    def __init__(self, city):
        users = role_users(city)
        self.clients = {"anon": ApiClient(None)}
        self.clients.update({role: ApiClient(user) for role, user in users.items()})

    def call(self, role: str, method: str, path: str):
        cache.clear()  # the public rate limits count per address: each call of the matrix starts afresh
        c = self.clients[role]
        if method == "GET":
            return c.client.get(path, **c.headers)
        if method == "DELETE":
            return c.client.delete(path, **c.headers)
        send = {"POST": c.client.post, "PATCH": c.client.patch, "PUT": c.client.put}[method]
        return send(path, json.dumps({}), content_type="application/json", **c.headers)


def fingerprint() -> dict:
    """Counts and last change of the records that a refused write must not touch."""
    from gongjian.projects.models import Extension, ProgressReport, Project, ProjectEvent, Rating
    from gongjian.solicitation.models import Opinion, Problem, Round

    out = {}
    for model in (Opinion, Problem, Project, ProgressReport, Extension, ProjectEvent, Rating, Round):
        qs = model.objects.all()
        last = qs.aggregate(m=Max("updated_at"))["m"] if any(
            f.name == "updated_at" for f in model._meta.get_fields()) else None
        out[model.__name__] = (qs.count(), last)
        history = getattr(model, "history", None)
        if history is not None:
            out[model.__name__ + "History"] = history.count()
    return out


def page_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
