"""Schema values that contradict their own schema, repaired in the bundled document with a
located warning (`Spec.warn`) before anything is generated from them; `--strict` refuses them.

- A `default` that does not fit the schema's `type` (or its `enum`, or the type of the schema a
  `$ref` or a one-member `allOf` wrapper names) is coerced when it has one sensible reading
  (`"false"` -> false, `"20"` -> 20, `"1e-320"` -> 1e-320, `1.0` -> `"1.0"` for a string) and
  dropped otherwise (`''` outside its enum, `"inf"`, which JSON cannot spell): a typed model
  field cannot hold a wrong-typed default, and mypy and the app build refuse one.
- A default of the right type that its schema still rejects (`"Current time"` under
  `minLength: 20`, a value outside a referenced enum) is dropped: the model would validate it
  at import and fail there. One rule decides: the schema validates the default, as the spec's
  own OpenAPI version reads schemas (`formats` are not checked: a format names a wire type).
- A count keyword (`minItems`, `maxLength`, `minProperties`, ...) that is not a non-negative
  integer constrains nothing sensible: dropped. `minLength`/`maxLength` on an array are read as
  `minItems`/`maxItems` (the models would enforce them so, JSON Schema not at all).
- An `enum` that is not a non-empty list admits no value at all (`enum: []` beside an `allOf`
  that says what the values are, in Discord's document): dropped, so the schema's other
  keywords decide.
- A schema with object keywords (`properties`, `required`, ...) and no `type` is an object, one
  with array keywords (`items`, ...) an array, as its model is: said in the document, so that
  the server's validation and its served document agree with the models (no warning).
- A `paths` key that is not a path template (empty, or not starting with `/`) names no route:
  its path item is skipped. `x-` keys are extensions and stay.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ..diagnostics import escape_pointer_token
from .document import Spec
from .walk import MAX_DEPTH, deref, iter_schemas, schema_types

_COUNTS = ("minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties",
           "minContains", "maxContains")
_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def repair_schema_values(spec: Spec) -> None:
    """Repair `spec.data` in place; each repair is recorded as a warning."""
    _skip_bad_path_keys(spec)
    seen: set[int] = set()
    with_defaults: list[tuple[dict[str, Any], str]] = []
    for schema, pointer in iter_schemas(spec.data):
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        _implied_type(schema)
        _drop_bad_counts(spec, schema, pointer)
        _drop_empty_enum(spec, schema, pointer)
        _array_lengths(spec, schema, pointer)
        if "default" in schema:
            _fit_default(spec, schema, pointer)
            if schema.get("default") is not None:
                with_defaults.append((schema, pointer))
    # Counts are repaired everywhere first: the validator must not meet `minLength: -1`.
    if with_defaults:
        check = DefaultCheck(spec.data)
        for schema, pointer in with_defaults:
            problem = check.problem(pointer, schema["default"])
            if problem is not None:
                spec.warn(f"default {_show(schema.pop('default'))} does not satisfy its schema "
                          f"({problem}); ignored", f"{pointer}/default")


def _skip_bad_path_keys(spec: Spec) -> None:
    paths = spec.data.get("paths")
    if not isinstance(paths, dict):
        return
    for key in list(paths):
        if isinstance(key, str) and (key.startswith("/") or key.startswith("x-")):
            continue
        del paths[key]
        spec.warn(f"path {key!r} does not start with '/'; its operations are skipped",
                  f"/paths/{escape_pointer_token(str(key))}")


def _drop_bad_counts(spec: Spec, schema: dict[str, Any], pointer: str) -> None:
    for key in _COUNTS:
        if key not in schema:
            continue
        value = schema[key]
        if isinstance(value, float) and value.is_integer() and value >= 0:
            schema[key] = int(value)
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            del schema[key]
            spec.warn(f"{key} must be a non-negative integer, not {_show(value)}; ignored",
                      f"{pointer}/{key}")


def _drop_empty_enum(spec: Spec, schema: dict[str, Any], pointer: str) -> None:
    if "enum" in schema and not (isinstance(schema["enum"], list) and schema["enum"]):
        spec.warn(f"enum must be a non-empty list, not {_show(schema.pop('enum'))}: it would "
                  "admit no value; ignored", f"{pointer}/enum")


_OBJECT_KEYWORDS = ("properties", "required", "additionalProperties", "patternProperties",
                    "minProperties", "maxProperties")
_ARRAY_KEYWORDS = ("items", "prefixItems", "minItems", "maxItems", "uniqueItems")
_NOT_IMPLIED = ("type", "$ref", "oneOf", "anyOf", "not", "enum", "const")


def _implied_type(schema: dict[str, Any]) -> None:
    """`{properties: ..., required: ...}` without `type`: the models make it an object (a class)
    while JSON Schema would take a string too, so the server, its served document and
    schemathesis would disagree with them. Said explicitly (`items` likewise makes an array);
    no warning: the reading is the author's and changes no model."""
    if any(key in schema for key in _NOT_IMPLIED):
        return
    objects = any(key in schema for key in _OBJECT_KEYWORDS)
    arrays = any(key in schema for key in _ARRAY_KEYWORDS)
    if objects != arrays:
        schema["type"] = "object" if objects else "array"


def _array_lengths(spec: Spec, schema: dict[str, Any], pointer: str) -> None:
    """`minLength`/`maxLength` on an array: JSON Schema ignores them, the models enforce them
    as item counts, so the server and the models would disagree. Read as `minItems`/
    `maxItems`, which is what the author meant."""
    if schema_types(schema) != ["array"]:
        return
    for wrong, right in (("minLength", "minItems"), ("maxLength", "maxItems")):
        if wrong in schema:
            value = schema.pop(wrong)
            if right not in schema:
                schema[right] = value
            spec.warn(f"{wrong} does not apply to an array; read as {right}", f"{pointer}/{wrong}")


def _target(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    """The schema whose type a default must fit: the one a `$ref` names, or the only member of
    an `allOf` (the wrapper generators write to give a `$ref` a default), when there is one."""
    for _ in range(MAX_DEPTH):
        if "type" in schema or "enum" in schema:
            break
        members = schema.get("allOf")
        if "$ref" in schema:
            target = deref(spec.data, schema)
        elif isinstance(members, list) and len(members) == 1 and not any(
                key in schema for key in ("oneOf", "anyOf", "properties")):
            target = deref(spec.data, members[0])
        else:
            break
        if not isinstance(target, dict) or target is schema:
            break
        schema = target
    return schema


def _fit_default(spec: Spec, schema: dict[str, Any], pointer: str) -> None:
    value = schema["default"]
    if value is None:
        return  # null: the schema is made nullable (see `models.wire_types.mark_schemas`)
    fixed = _fit(spec, schema, value)
    target = _target(spec, schema)
    kinds = [k for k in schema_types(target) if isinstance(k, str) and k != "null"]
    where = f"{pointer}/default"
    if fixed is _NONE:
        del schema["default"]
        expected = f"of type {' or '.join(kinds)}" if kinds else "valid for its schema"
        if isinstance(target.get("enum"), list):
            expected = f"one of {_show(target['enum'])}"
        elif any(_fits(value, k) for k in kinds):
            expected = "valid for its schema"  # an item or property does not fit
        spec.warn(f"default {_show(value)} is not {expected}; ignored", where)
    elif not _same_data(fixed, value):
        schema["default"] = fixed
        spec.warn(f"default {_show(value)} does not fit its schema ({' or '.join(kinds)}); "
                  f"read as {_show(fixed)}", where)


def _fit(spec: Spec, schema: Any, value: Any, depth: int = 0) -> Any:
    """`value` made to fit `schema` (items and properties too), or `_NONE`."""
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return value
    target = _target(spec, schema)
    types = schema_types(target)
    if value is None:
        admits = "null" in types or target.get("nullable") is True or types == [None]
        return None if admits or ("enum" in target and None in target["enum"]) else _NONE
    kinds = [k for k in types if isinstance(k, str) and k != "null"]
    enum = target.get("enum") if isinstance(target.get("enum"), list) else None
    fixed = _coerced(value, kinds, enum)
    if isinstance(fixed, list) and "items" in target:
        items = [_fit(spec, target["items"], item, depth + 1) for item in fixed]
        fixed = _NONE if any(item is _NONE for item in items) else items
    elif isinstance(fixed, dict) and isinstance(target.get("properties"), dict):
        properties = target["properties"]
        fields = {key: _fit(spec, properties.get(key), item, depth + 1)
                  for key, item in fixed.items()}
        fixed = _NONE if any(item is _NONE for item in fields.values()) else fields
    return fixed


def _same_data(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_data(a[k], b[k]) for k in a)
    return _same(a, b)


_NONE = object()


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _fits(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return (isinstance(value, (int, float)) and not isinstance(value, bool)
                and math.isfinite(value))
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def _convert(value: Any, kind: str) -> Any:
    """`value` read as `kind` when it has one sensible reading, else `_NONE`."""
    if kind == "integer":
        if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif kind == "number" and isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = float(value)
        if math.isfinite(number):
            return int(value) if _INTEGER.fullmatch(value.strip()) else number
    elif kind == "boolean" and isinstance(value, str) and value.strip().lower() in (
            "true", "false"):
        return value.strip().lower() == "true"
    elif kind in ("object", "array") and isinstance(value, str):
        try:  # JSON text of the right kind: '{"match_all": {}}'
            parsed = json.loads(value)
        except ValueError:
            return _NONE
        return parsed if _fits(parsed, kind) else _NONE
    elif kind == "string" and isinstance(value, str) and len(value) >= 2 \
            and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]  # quoted twice: "'strict'"
    elif kind == "string" and not isinstance(value, (str, dict, list)):
        if isinstance(value, float) and not math.isfinite(value):
            return _NONE
        return json.dumps(value)
    return _NONE


def _coerced(value: Any, kinds: list[str], enum: list[Any] | None) -> Any:
    """`value` as it fits `kinds` and `enum`: itself, one sensible conversion, or `_NONE`."""
    candidates = [value] if not kinds or any(_fits(value, k) for k in kinds) else []
    candidates += [c for c in (_convert(value, k) for k in kinds) if c is not _NONE]
    if not kinds and isinstance(value, str) and enum is not None:
        candidates.append(_convert(value, "string"))  # an untyped enum of strings
    if isinstance(value, float) and not math.isfinite(value):
        candidates = []
    for candidate in candidates:
        if enum is None or any(_same(candidate, item) or (
                isinstance(candidate, (int, float)) and not isinstance(candidate, bool)
                and isinstance(item, (int, float)) and not isinstance(item, bool)
                and candidate == item) for item in enum):
            return candidate
    return _NONE


def _show(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


class DefaultCheck:
    """Validates defaults against the schemas that hold them, `$ref`s followed through the
    whole document, with the validator of the document's OpenAPI version."""

    def __init__(self, data: dict[str, Any]) -> None:
        from openapi_schema_validator import OAS30Validator, OAS31Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4, DRAFT202012

        version = str(data.get("openapi", ""))
        self._validator: Any = OAS30Validator if version.startswith("3.0") else OAS31Validator
        draft = DRAFT4 if version.startswith("3.0") else DRAFT202012
        resource = Resource.from_contents(data, default_specification=draft)
        self._registry: Any = Registry().with_resource(_DOCUMENT, resource)

    def problem(self, pointer: str, value: Any) -> str | None:
        """Why the schema at `pointer` rejects `value`, or None (also when it cannot tell)."""
        try:
            validator = self._validator({"$ref": f"{_DOCUMENT}#{pointer}"},
                                        registry=self._registry)
            errors = list(validator.iter_errors(value))
            # The error nearest the top says most: the default's own type, enum or bound.
            error = min(errors, key=lambda e: len(e.absolute_path), default=None)
        except Exception:  # an unresolvable ref, a pattern Python cannot compile: no verdict
            return None
        if error is None:
            return None
        keyword = str(error.validator)
        return f"{keyword} {_show(error.validator_value)}" if keyword != "$ref" else keyword


_DOCUMENT = "urn:apigen:document"
