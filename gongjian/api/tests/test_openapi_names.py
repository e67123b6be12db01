"""The served OpenAPI document names each shape once (issue 14 › 5): ninja files components by class
name, so two schema classes of one name with different fields make one endpoint documented with the
other's shape (`POST projects/{id}/progress` with the campaign's progress, `committee-members` with
Party members' id_number)."""

from collections import defaultdict

from ninja import Schema
from pydantic import BaseModel

from gongjian.api.routes import api


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _our_schemas() -> dict[str, set]:
    api.get_openapi_schema()  # imports every router, lazily mounted ones included
    by_name = defaultdict(set)
    for cls in set(_subclasses(BaseModel)):
        module = cls.__module__ or ""
        if not module.startswith("gongjian.") or ".tests" in module:
            continue
        if not issubclass(cls, Schema) and "api" not in module:
            continue
        by_name[cls.__name__].add(cls)
    return by_name


def _shape(cls) -> dict:
    return {name: repr(field.annotation) for name, field in cls.model_fields.items()}


def test_no_two_schema_classes_share_a_name_with_different_fields():
    clashes = []
    for name, classes in sorted(_our_schemas().items()):
        shapes = {repr(sorted(_shape(c).items())): c for c in classes}
        if len(shapes) > 1:
            clashes.append(f"{name}: " + " / ".join(f"{c.__module__}" for c in shapes.values()))
    assert not clashes, "schema classes sharing a name with different fields:\n" + "\n".join(clashes)


def test_every_served_component_is_referenced_by_its_own_name(client):
    """A component of the served document has the fields of the class of that name (no silent merge)."""
    doc = client.get("/api/v1/openapi.json").json()
    by_name = _our_schemas()
    for name, component in doc["components"]["schemas"].items():
        classes = by_name.get(name, set())
        if len(classes) == 1:
            (cls,) = classes
            assert set(component.get("properties", {})) == {
                f.alias or n for n, f in cls.model_fields.items()}, name
