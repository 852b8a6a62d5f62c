"""Schema-level repairs of `repair.py` (see its docstring): validation and shape keywords that
do not fit a schema's type, formats no value could have, properties required but declared
nowhere, and discriminators mapping one schema under different tags."""

from __future__ import annotations

from typing import Any

from .document import Spec
from .walk import MAX_DEPTH, deref, iter_schemas

_ARRAY, _STRING, _NUMBER, _OBJECT = ("array",), ("string",), ("number", "integer"), ("object",)
_TYPED_KEYWORDS: dict[str, tuple[str, ...]] = {
    "minItems": _ARRAY, "maxItems": _ARRAY, "uniqueItems": _ARRAY,
    "minLength": _STRING, "maxLength": _STRING, "pattern": _STRING,
    "minimum": _NUMBER, "maximum": _NUMBER, "exclusiveMinimum": _NUMBER,
    "exclusiveMaximum": _NUMBER, "multipleOf": _NUMBER,
    "minProperties": _OBJECT, "maxProperties": _OBJECT,
}
"""Validation keywords and the types they apply to (JSON Schema: inert on other types)."""
_SHAPE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "properties": _OBJECT, "additionalProperties": _OBJECT, "patternProperties": _OBJECT,
    "required": _OBJECT, "items": _ARRAY,
}
"""Keywords that give a value its shape, and the types they apply to: on a scalar schema
(`type: string` with `properties`, Intercom's `external_id` query parameter) the client read
an object and the server a string; JSON Schema validates nothing with them there."""
_STRING_FORMATS = frozenset({
    "date", "date-time", "time", "duration", "email", "idn-email", "hostname", "idn-hostname",
    "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference", "uri-template", "uuid",
    "json-pointer", "relative-json-pointer", "regex", "byte", "binary", "password"})
"""Formats that describe text: on a number or a boolean they are inert (Intercom's
`type: integer, format: date-time` is a Unix timestamp, not an ISO string)."""


_FORMAT_LENGTHS: dict[str, tuple[int, int]] = {"uuid": (32, 36), "date": (10, 10)}
"""The lengths a value of the format can have (a UUID: 32 hex digits, or 36 with dashes)."""


def _fits_length(schema: dict[str, Any], shortest: int, longest: int) -> bool:
    """Whether some length from `shortest` to `longest` meets the schema's length bounds."""
    low, high = schema.get("minLength", 0), schema.get("maxLength", longest)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
        return True
    return bool(max(low, shortest) <= min(high, longest))


def drop_malformed_schema_keywords(spec: Spec) -> None:
    """Keywords that cannot be read as what they must be are dropped, in one walk:
    - `required` is a list of property names (not `required: true` on a property, Swagger
      style, nor a string), and `format` a string;
    - a discriminator is a mapping naming its `propertyName` (not Swagger 2's bare property
      name, nor a number), else the models would name a field that may not exist;
    - a keyword of another type than the schema's declared `type` (`minItems` on a string,
      OpenAI's query items) is inert in JSON Schema, but the model generator applies it to the
      type it finds (`minItems: 1` on a string became `min_length=1`): it is dropped."""
    for schema, where in list(iter_schemas(spec.data)):
        if "format" in schema and not isinstance(schema["format"], str):
            spec.warn(f"'format' of a schema must be a string, not "
                      f"{type(schema.pop('format')).__name__}; ignored", where + "/format")
        # First, so that `required: true` on a scalar gets the warning that says what is wrong.
        required = schema.get("required")
        if required is not None and not (
                isinstance(required, list) and all(isinstance(name, str) for name in required)):
            del schema["required"]
            spec.warn(f"'required' of a schema must be a list of property names, not "
                      f"{type(required).__name__}; ignored", where + "/required")
        declared = schema.get("type")
        kinds = {str(k) for k in (declared if isinstance(declared, list) else [declared])
                 if isinstance(k, str)}
        if kinds and "type" in schema:
            for keyword in sorted(set(schema) & set(_TYPED_KEYWORDS)):
                if kinds == {"array"} and keyword in ("minLength", "maxLength"):
                    continue  # read as an item count (`schema_values`): what the author meant
                if not kinds & set(_TYPED_KEYWORDS[keyword]):
                    del schema[keyword]
                    spec.warn(f"'{keyword}' applies to {_TYPED_KEYWORDS[keyword][0]}s only, "
                              f"and the schema is a {'/'.join(sorted(kinds))}; ignored",
                              f"{where}/{keyword}")
            if kinds and kinds <= {"string", "integer", "number", "boolean", "null"}:
                for keyword in sorted(set(schema) & set(_SHAPE_KEYWORDS)):
                    del schema[keyword]
                    spec.warn(f"'{keyword}' applies to {_SHAPE_KEYWORDS[keyword][0]}s only, "
                              f"and the schema is a {'/'.join(sorted(kinds))}; ignored",
                              f"{where}/{keyword}")
            form = schema.get("format")
            if form in _FORMAT_LENGTHS and "string" in kinds and not _fits_length(
                    schema, *_FORMAT_LENGTHS[form]):
                del schema["format"]
                spec.warn(f"no '{form}' value has the length the schema allows "
                          f"(minLength {schema.get('minLength', 0)}, maxLength "
                          f"{schema.get('maxLength', 'unbounded')}); the format is ignored",
                          f"{where}/format")
                form = None
            if (form in _STRING_FORMATS and kinds <= {"integer", "number", "boolean", "null"}
                    and kinds - {"null"}):
                del schema["format"]
                spec.warn(f"format '{form}' describes strings, and the schema is a "
                          f"{'/'.join(sorted(kinds))}; ignored", f"{where}/format")
        if "discriminator" in schema:
            value = schema["discriminator"]
            if not (isinstance(value, dict) and isinstance(value.get("propertyName"), str)
                    and value["propertyName"]):
                del schema["discriminator"]
                spec.warn("a discriminator must be a mapping with a 'propertyName' string; "
                          "ignored (variants are told apart by their shapes)",
                          where + "/discriminator")


def declare_required_properties(spec: Spec) -> None:
    """A property an object schema requires but declares nowhere (not in its `properties`, nor
    its `allOf` parts'; Hatchet's V1TaskSummary requires `id`) may hold any value (JSON Schema),
    or the `additionalProperties` schema's: it is declared so, else the models have no field
    for it and drop it from every instance the server sends. Schemas that are parts of an
    `allOf`, `oneOf` or `anyOf` (their siblings or parent may declare it) and schemas with
    variants of their own are left alone."""
    schemas = list(iter_schemas(spec.data))
    members: set[int] = set()
    for schema, _where in schemas:
        for key in ("allOf", "oneOf", "anyOf"):
            for part in schema.get(key) or [] if isinstance(schema.get(key), list) else []:
                target = deref(spec.data, part)
                if isinstance(target, dict):
                    members.add(id(target))
    for schema, where in schemas:
        properties, required = schema.get("properties"), schema.get("required")
        if (id(schema) in members or not isinstance(properties, dict)
                or not isinstance(required, list) or "oneOf" in schema or "anyOf" in schema):
            continue
        extra = schema.get("additionalProperties", True)
        if extra is False:
            continue  # no instance at all: left for the checks and the models to refuse
        declared = _declared_properties(spec.data, schema, 0)
        missing = [name for name in required if isinstance(name, str) and name not in declared]
        reading = "the additionalProperties schema" if isinstance(extra, dict) else "any value"
        for name in missing:
            properties[name] = dict(extra) if isinstance(extra, dict) else {}
            spec.warn(f"required property {name!r} is not declared; it is declared as "
                      f"{reading}", f"{where}/required")


def drop_conflicting_discriminators(spec: Spec) -> None:
    """A schema that two discriminators map under different tags (DigitalOcean: one union maps
    `enable_backups` to `droplet_action`, another to `droplet_action_enable_backups`) can carry
    only one set of tag values in its model, so one union refused a tag its document allows
    (422). Those discriminators are dropped with a warning: the variants are told apart by
    their shapes, and each variant's tag property keeps its declared values."""
    found: list[tuple[dict[str, Any], str, dict[str, frozenset[str]]]] = []
    for schema, where in iter_schemas(spec.data):
        discriminator = schema.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if not isinstance(mapping, dict) or not ("oneOf" in schema or "anyOf" in schema):
            continue
        keys_of: dict[str, set[str]] = {}
        for key, target in mapping.items():
            if isinstance(target, str):
                keys_of.setdefault(target, set()).add(str(key))
        name = str(schema["discriminator"].get("propertyName"))
        found.append((schema, where,
                      {f"{name} {t}": frozenset(k) for t, k in keys_of.items()}))
    seen: dict[str, set[frozenset[str]]] = {}
    for _schema, _where, tag_sets in found:
        for target, keys in tag_sets.items():
            seen.setdefault(target, set()).add(keys)
    conflicting = {target for target, sets in seen.items() if len(sets) > 1}
    for schema, where, tag_sets in found:
        clashes = sorted(t.split(" ", 1)[1] for t in set(tag_sets) & conflicting)
        if clashes:
            del schema["discriminator"]
            spec.warn(f"the discriminator maps {clashes[0]} under other tags than another "
                      "discriminator does (a model carries one set of tags); ignored (variants "
                      "are told apart by their shapes)", f"{where}/discriminator")


def _declared_properties(data: Any, schema: Any, depth: int) -> set[str]:
    """The property names `schema` declares itself or through its `allOf` parts."""
    schema = deref(data, schema)
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return set()
    found = set(schema["properties"]) if isinstance(schema.get("properties"), dict) else set()
    for part in schema.get("allOf") or [] if isinstance(schema.get("allOf"), list) else []:
        found |= _declared_properties(data, part, depth + 1)
    return found
