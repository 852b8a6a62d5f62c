"""Give every inline request/response object schema a component name before models are made.

datamodel-code-generator names only `components.schemas`; an inline body would otherwise get no
class (or a numbered one). Hoisting names it after its operation (`CreateModelRequest`,
`ListPetsResponse`) so the client, the server and the models agree on one class.
"""

from __future__ import annotations

from typing import Any

from .. import naming
from ..diagnostics import escape_pointer_token, join_pointer
from ..spec.operations import DocumentView, OperationView, path_item_operations
from ..spec.views import MediaTypeView
from ..spec.walk import (
    COMPONENT_SCHEMAS,
    MAX_DEPTH,
    component_schema_ref,
    component_schemas,
    schema_types,
    set_component_schemas,
)


def derived_operation_id(method: str, path: str) -> str:
    """`post /v4/model-groups/{id}` -> `post_v4_model_groups_id` (for operations without an id)."""
    words = [method] + [naming.snake_case(s) for s in path.split("/") if s]
    return "_".join(w for w in words if w)


def is_simple_schema(schema: Any) -> bool:
    """True when a type hint can spell the schema without a model class."""
    if not isinstance(schema, dict):
        return True
    if "$ref" in schema:
        return True
    if any(k in schema for k in ("properties", "allOf", "oneOf", "anyOf", "additionalProperties",
                                 "patternProperties", "discriminator", "not")):
        return False
    kinds = schema_types(schema)
    if "object" in kinds:
        return False
    if "array" in kinds:
        return is_simple_schema(schema.get("items", {}))
    return True


def _json_media(content: dict[str, MediaTypeView]) -> MediaTypeView | None:
    for media in content.values():
        base = media.base
        if (base == "application/json" or base.endswith("+json")) and not media.malformed:
            return media
    return None


def _request_media(content: dict[str, MediaTypeView]) -> MediaTypeView | None:
    """A request body's JSON media, else its form-urlencoded or multipart media: those are
    encoded field by field from a model too."""
    media = _json_media(content)
    if media is not None:
        return media
    for value in content.values():
        if value.base in ("application/x-www-form-urlencoded", "multipart/form-data") \
                and not value.malformed:
            return value
    return None


class _Hoister:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        schemas = component_schemas(data, create=True)
        assert schemas is not None
        self.schemas: dict[str, Any] = schemas
        self.lowered = {name.lower() for name in self.schemas}

    def place(self, media: MediaTypeView, stem: str) -> None:
        schema = media.schema
        if not isinstance(schema, dict) or "$ref" in schema:
            return
        if is_simple_schema(schema):
            return
        kind = schema.get("type")
        if kind == "array" and not any(k in schema for k in ("allOf", "oneOf", "anyOf")):
            items = schema.get("items")
            if isinstance(items, dict) and "$ref" not in items:
                schema["items"] = {"$ref": self._add(f"{stem}Item", items)}
            return
        media.set_schema({"$ref": self._add(stem, schema)})

    def _add(self, stem: str, schema: dict[str, Any]) -> str:
        """Place `schema` as `stem`, or `<stem>Body` when a component has that name (a counter
        only when both are taken)."""
        name, n = stem, 2
        if name.lower() in self.lowered:
            name = stem = f"{stem}Body"
        while name.lower() in self.lowered:
            name, n = f"{stem}{n}", n + 1
        self.schemas[name] = schema
        self.lowered.add(name.lower())
        return f"#/components/schemas/{name}"



def normalise_schema_names(data: dict[str, Any]) -> dict[str, str]:
    """Rename component schemas whose names are not already PascalCase identifiers
    (`account.capability`, `my-thing`, `pet_owner`, `class`) to one (`AccountCapability`,
    `MyThing`, `PetOwner`, `Class`) and rewrite every `$ref` to them. Returns old -> new names.

    datamodel-code-generator would rename them too, but it settles clashes in document order
    (`Item`, `Item1`), so adding a schema could rename an existing class. Here a name that is
    already a class name always keeps it, and renamed ones get the first free of `Stem`,
    `Stem2`, ... in the order of their spec names: adding a schema renames no other class
    unless its own name clashes with theirs. (Dotted names would also make the library split the
    models into modules; one `models.py` keeps imports simple.)
    """
    schemas = component_schemas(data)
    if schemas is None:
        return {}
    stems = {name: naming.class_identifier(name) for name in schemas}
    taken = {name for name, stem in stems.items() if stem == name}
    renames: dict[str, str] = {}
    for name in sorted(n for n in schemas if n not in taken):
        stem = stems[name]
        new, n = stem, 2
        while new in taken:
            new, n = f"{stem}{n}", n + 1
        taken.add(new)
        renames[name] = new
    if not renames:
        return {}
    set_component_schemas(data, {renames.get(k, k): v for k, v in schemas.items()})
    mapping = {
        component_schema_ref(old): COMPONENT_SCHEMAS + new
        for old, new in renames.items()
    }
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref in mapping:
                node["$ref"] = mapping[ref]
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    _keep_discriminator_values(data, renames)
    return renames


def _keep_discriminator_values(data: dict[str, Any], renames: dict[str, str]) -> None:
    """Discriminator values are schema *names*, so renaming must not change them: a `mapping`
    value naming a renamed schema (as a `$ref` or a bare name) follows it, and a renamed
    `oneOf`/`anyOf` variant without a mapping entry, whose value is implicitly its schema name
    (`pet_cat`), gets one with that old name."""
    new_refs = {component_schema_ref(old): COMPONENT_SCHEMAS + new
                for old, new in renames.items()}
    new_refs.update((old, COMPONENT_SCHEMAS + new) for old, new in renames.items())
    old_names = {COMPONENT_SCHEMAS + new: old for old, new in renames.items()}
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
            continue
        if not isinstance(node, dict):
            continue
        stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        discriminator = node.get("discriminator")
        if not isinstance(discriminator, dict):
            continue
        raw = discriminator.get("mapping")
        mapping = {key: new_refs.get(value, value) if isinstance(value, str) else value
                   for key, value in (raw.items() if isinstance(raw, dict) else ())}
        for variant in [*(node.get("oneOf") or []), *(node.get("anyOf") or [])]:
            ref = variant.get("$ref") if isinstance(variant, dict) else None
            if ref in old_names and ref not in mapping.values():
                mapping.setdefault(old_names[ref], ref)
        if mapping != (raw if isinstance(raw, dict) else {}):
            discriminator["mapping"] = mapping


def _scalar_like(data: dict[str, Any], schema: Any, *, depth: int = 0) -> bool:
    """Whether a value of `schema` needs no inline model: a `$ref`, a scalar (enums too), an
    array of such, or a union of such."""
    if not isinstance(schema, dict) or "$ref" in schema or depth > MAX_DEPTH:
        return True
    for key in ("anyOf", "oneOf", "allOf"):
        if isinstance(schema.get(key), list):
            return all(_scalar_like(data, v, depth=depth + 1) for v in schema[key])
    if schema.get("type") == "array":
        return _scalar_like(data, schema.get("items"), depth=depth + 1)
    return schema.get("type") != "object" and "properties" not in schema


def _flatten_form_fields(data: dict[str, Any], media: MediaTypeView) -> None:
    """Form and multipart bodies are typed one level deep: each top-level field is a typed
    argument, but an inline object nested in one (Stripe has thousands) becomes a free-form
    object, encoded as the spec's style says, instead of a model of its own. Form encodings
    flatten nesting anyway, and modelling it all would triple a spec like Stripe's models and
    generation time. What is around the objects stays (arrays, unions with scalar branches
    such as Stripe's `""` that unsets a value): the field's shape decides how it travels (a
    `deepObject` array of objects, an object or `""`), so it must survive the flattening. Fields
    that `$ref` a component schema stay typed by it."""
    schema = media.schema
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(schema, dict) or "$ref" in schema or not isinstance(properties, dict):
        return
    flat = {name: prop if _scalar_like(data, prop) else _free_objects(prop)
            for name, prop in properties.items()}
    if flat != properties:
        media.set_schema({**schema, "properties": flat})


_ANNOTATIONS = ("description", "title", "deprecated", "nullable")


def _free_objects(schema: Any, *, depth: int = 0) -> Any:
    """`schema` with each inline object in it (through arrays and unions) a free-form object:
    `{"type": "object"}`, its `additionalProperties` schema kept (a map of strings stays one)."""
    if not isinstance(schema, dict) or "$ref" in schema or depth > MAX_DEPTH:
        return schema
    kinds = schema_types(schema)
    if "object" in kinds or "properties" in schema:
        free: dict[str, Any] = {k: schema[k] for k in _ANNOTATIONS if k in schema}
        free["type"] = schema["type"] if "object" in kinds else "object"
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            free["additionalProperties"] = _free_objects(extra, depth=depth + 1)
        return free
    result = {k: v for k, v in schema.items() if k != "discriminator"}
    for key in ("anyOf", "oneOf", "allOf"):
        if isinstance(schema.get(key), list):
            result[key] = [_free_objects(part, depth=depth + 1) for part in schema[key]]
    if isinstance(schema.get("items"), dict):
        result["items"] = _free_objects(schema["items"], depth=depth + 1)
    return result


def hoist_inline_schemas(data: dict[str, Any]) -> None:
    """Move inline JSON (form, multipart) body and JSON response object schemas into
    `components.schemas` (in place)."""
    normalise_schema_names(data)
    hoister = _Hoister(data)
    document = DocumentView(data)
    stems: list[tuple[str, OperationView]] = [
        (naming.pascal_identifier(op.operation_id or derived_operation_id(op.method, op.path)),
         op) for op in document.operations()]
    # Then what the API sends rather than serves: webhooks (3.1) and callbacks, whose inline
    # payloads get models too (after every operation's, so adding one renames nothing).
    for name, item in document.webhooks.items():
        stems.extend(_event_operations(
            data, item, f"/webhooks/{escape_pointer_token(name)}", f"{name} webhook"))
    for stem, operation in list(stems):
        for name, callback in operation.callbacks.items():
            for expression, item in callback.items():
                at = operation.pointer + join_pointer("callbacks", name, expression)
                stems.extend(_event_operations(data, item, at, f"{stem} {name} callback"))
    for stem, operation in stems:
        _hoist_operation(data, hoister, stem, operation)


def _event_operations(data: dict[str, Any], item: Any, pointer: str, label: str
                      ) -> list[tuple[str, OperationView]]:
    """(stem, operation) of each operation of a webhook's or callback's path item."""
    return [(naming.pascal_identifier(op.operation_id or f"{label} {op.method}"), op)
            for op in path_item_operations(data, item, pointer)]


def _hoist_operation(data: dict[str, Any], hoister: _Hoister, stem: str,
                     operation: OperationView) -> None:
    body = operation.request_body
    content = body.content if body is not None else {}
    if (media := _request_media(content)) is not None:
        if media is not _json_media(content):
            _flatten_form_fields(data, media)
        hoister.place(media, f"{stem}Request")
    with_bodies: list[tuple[str, MediaTypeView]] = []
    for status, response in operation.responses.items():
        media = _json_media(response.content)
        if media is not None:
            with_bodies.append((status, media))
    for status, media in with_bodies:
        suffix = "" if len(with_bodies) == 1 else naming.pascal_case(str(status))
        hoister.place(media, f"{stem}Response{suffix}")
