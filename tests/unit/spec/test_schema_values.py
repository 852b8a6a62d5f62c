"""generator.spec.schema_values: defaults that do not fit their schema are coerced when they
have one sensible reading and dropped otherwise; negative counts and path keys that are not
path templates are dropped; each with a located warning."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.spec.document import Spec
from generator.spec.load import load_spec
from generator.spec.schema_values import _NONE, _coerced

HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"


def _load(tmp_path: Path, body: str) -> Spec:
    path = tmp_path / "api.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_spec(path, display="api.yaml")


def _foo(tmp_path: Path, properties: str) -> tuple[dict[str, Any], list[str]]:
    spec = _load(tmp_path, "paths: {}\ncomponents:\n  schemas:\n    Foo:\n      type: object\n"
                           "      properties:\n" + properties)
    return spec.data["components"]["schemas"]["Foo"]["properties"], [
        f"{d.line} {d.pointer} {d.message}" for d in spec.findings]


def test_defaults_with_one_reading_are_coerced(tmp_path: Path) -> None:
    props, warnings = _foo(tmp_path, (
        "        flag: {type: boolean, default: 'false'}\n"
        "        count: {type: integer, default: '20'}\n"
        "        whole: {type: integer, default: 3.0}\n"
        "        tiny: {type: number, default: 1e-320}\n"
        "        version: {type: string, default: 1.5}\n"
        "        level: {type: integer, enum: [1, 2], default: '2'}\n"))
    assert [props[k]["default"] for k in props] == [False, 20, 3, 1e-320, "1.5", 2]
    assert isinstance(props["whole"]["default"], int)
    assert warnings[0] == ("9 /components/schemas/Foo/properties/flag/default "
                           'default "false" does not fit its schema (boolean); read as false')
    assert len(warnings) == 6


def test_defaults_without_a_reading_are_dropped(tmp_path: Path) -> None:
    props, warnings = _foo(tmp_path, (
        "        choice: {type: string, enum: [a, b], default: ''}\n"
        "        big: {type: number, default: inf}\n"
        "        flag: {type: boolean, default: 'yes'}\n"
        "        tags: {type: array, items: {type: string}, default: x}\n"
        "        ok: {type: string, default: fine}\n"))
    assert [k for k in props if "default" in props[k]] == ["ok"]
    assert warnings == [
        '9 /components/schemas/Foo/properties/choice/default default "" is not one of '
        '["a", "b"]; ignored',
        '10 /components/schemas/Foo/properties/big/default default "inf" is not of type '
        "number; ignored",
        '11 /components/schemas/Foo/properties/flag/default default "yes" is not of type '
        "boolean; ignored",
        '12 /components/schemas/Foo/properties/tags/default default "x" is not of type '
        "array; ignored"]


def test_a_default_on_a_ref_fits_the_referenced_type(tmp_path: Path) -> None:
    spec = _load(tmp_path, (
        "paths: {}\ncomponents:\n  schemas:\n"
        "    Num: {type: integer}\n"
        "    Foo:\n      type: object\n      properties:\n"
        "        n: {$ref: '#/components/schemas/Num', default: '7'}\n"
        "        m: {$ref: '#/components/schemas/Num', default: seven}\n"))
    props = spec.data["components"]["schemas"]["Foo"]["properties"]
    assert props["n"]["default"] == 7 and "default" not in props["m"]


def test_a_default_through_an_allof_wrapper_fits_the_wrapped_schema(tmp_path: Path) -> None:
    # `allOf: [{$ref}]` plus `default` is how several generators give a reference a default.
    spec = _load(tmp_path, (
        "paths: {}\ncomponents:\n  schemas:\n"
        "    Side: {type: string, enum: [Left, Right]}\n"
        "    Foo:\n      type: object\n      properties:\n"
        "        a: {allOf: [{$ref: '#/components/schemas/Side'}], default: right}\n"
        "        b: {allOf: [{$ref: '#/components/schemas/Side'}], default: Left}\n"
        "        c: {allOf: [{$ref: '#/components/schemas/Side'}], default: \"'Right'\"}\n"))
    props = spec.data["components"]["schemas"]["Foo"]["properties"]
    assert "default" not in props["a"]
    assert (props["b"]["default"], props["c"]["default"]) == ("Left", "Right")
    assert [d.message for d in spec.findings] == [
        'default "right" is not one of ["Left", "Right"]; ignored',
        'default "\'Right\'" does not fit its schema (string); read as "Right"']


def test_a_default_its_schema_rejects_is_dropped(tmp_path: Path) -> None:
    spec = _load(tmp_path, (
        "paths: {}\ncomponents:\n  schemas:\n"
        "    When: {type: string, minLength: 20}\n"
        "    Foo:\n      type: object\n      properties:\n"
        "        start: {$ref: '#/components/schemas/When', default: Current time}\n"
        "        n: {type: integer, minimum: 5, default: 2}\n"
        "        code: {type: string, pattern: '^[A-Z]+$', default: abc}\n"
        "        either: {oneOf: [{type: boolean}, {type: number}], default: '10'}\n"
        "        fine: {type: integer, minimum: 5, default: 6}\n"
        "        nothing: {type: object, default: null}\n"))
    props = spec.data["components"]["schemas"]["Foo"]["properties"]
    assert [k for k in props if "default" in props[k]] == ["fine", "nothing"]
    assert [(d.line, d.pointer, d.message) for d in spec.findings] == [
        (10, "/components/schemas/Foo/properties/start/default",
         'default "Current time" does not satisfy its schema (minLength 20); ignored'),
        (11, "/components/schemas/Foo/properties/n/default",
         "default 2 does not satisfy its schema (minimum 5); ignored"),
        (12, "/components/schemas/Foo/properties/code/default",
         'default "abc" does not satisfy its schema (pattern "^[A-Z]+$"); ignored'),
        (13, "/components/schemas/Foo/properties/either/default",
         'default "10" does not satisfy its schema (oneOf [{"type": "boolean"}, {"type": '
         '"number"}]); ignored')]


def test_json_text_defaults_of_objects_and_arrays_are_read(tmp_path: Path) -> None:
    props, warnings = _foo(tmp_path, (
        "        query: {type: object, default: '{\"match_all\": {}}'}\n"
        "        ids: {type: array, items: {type: integer}, default: '[1, 2]'}\n"
        "        bad: {type: array, items: {type: integer}, default: '[1, x]'}\n"))
    assert props["query"]["default"] == {"match_all": {}}
    assert props["ids"]["default"] == [1, 2]
    assert "default" not in props["bad"]
    assert len(warnings) == 3


def test_openapi_30_schemas_are_read_as_30(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n"
                    "components:\n  schemas:\n    Foo:\n      type: object\n"
                    "      properties:\n"
                    "        n: {type: integer, nullable: true, minimum: 1, default: 3}\n"
                    "        m: {type: number, maximum: 10, exclusiveMaximum: true, default: 10}\n",
                    encoding="utf-8")
    spec = load_spec(path, display="api.yaml")
    props = spec.data["components"]["schemas"]["Foo"]["properties"]
    assert props["n"]["default"] == 3 and "default" not in props["m"]
    assert [d.message for d in spec.findings] == [
        "default 10 does not satisfy its schema (maximum 10); ignored"]


def test_parameter_defaults_negative_counts_and_bad_path_keys(tmp_path: Path) -> None:
    spec = _load(tmp_path, (
        "paths:\n"
        "  '':\n    get: {operationId: root, responses: {'200': {description: ok}}}\n"
        "  x/y:\n    get: {operationId: xy, responses: {'200': {description: ok}}}\n"
        "  /x:\n    get:\n      operationId: x\n"
        "      parameters: [{name: limit, in: query, schema: {type: integer, default: '20'}}]\n"
        "      responses:\n        '200':\n          description: ok\n"
        "          content: {application/json: {schema: {type: array, minItems: -1,"
        " maxItems: 2, items: {type: string, minLength: -3}}}}\n"))
    assert list(spec.data["paths"]) == ["/x"]
    operation = spec.data["paths"]["/x"]["get"]
    assert operation["parameters"][0]["schema"]["default"] == 20
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"type": "array", "maxItems": 2, "items": {"type": "string"}}
    pointers = [d.pointer for d in spec.findings]
    assert pointers == [
        "/paths/", "/paths/x~1y", "/paths/~1x/get/parameters/0/schema/default",
        "/paths/~1x/get/responses/200/content/application~1json/schema/minItems",
        "/paths/~1x/get/responses/200/content/application~1json/schema/items/minLength"]


def test_an_enum_admitting_no_value_is_dropped(tmp_path: Path) -> None:
    """Discord's `status` parameter: `{type: string, enum: [], allOf: [{$ref: Status}]}`. No
    value satisfies `enum: []`; the other keywords say what the values are."""
    props, warnings = _foo(tmp_path, (
        "        status: {type: string, enum: [], allOf: [{$ref: '#/components/schemas/S'}]}\n"
        "        kind: {type: string, enum: not-a-list}\n"
        "        fine: {type: string, enum: [a]}\n"
        "  S: {type: string, enum: [x, y]}\n").replace("  S:", "    S:"))
    assert "enum" not in props["status"] and "enum" not in props["kind"]
    assert props["fine"]["enum"] == ["a"]
    assert warnings == [
        "9 /components/schemas/Foo/properties/status/enum enum must be a non-empty list, not "
        "[]: it would admit no value; ignored",
        "10 /components/schemas/Foo/properties/kind/enum enum must be a non-empty list, not "
        '"not-a-list": it would admit no value; ignored']


def test_examples_are_literal_data(tmp_path: Path) -> None:
    spec = _load(tmp_path, (
        "paths: {}\ncomponents:\n  schemas:\n    Foo:\n      type: object\n"
        "      example: {schema: {type: integer, default: 'x'}}\n"))
    assert spec.findings == []
    assert yaml.safe_dump(spec.data["components"]["schemas"]["Foo"]["example"]) == \
        "schema:\n  default: x\n  type: integer\n"


_KINDS = st.sampled_from(["string", "integer", "number", "boolean", "array", "object"])
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    | st.sampled_from(["20", "-3", "1e-320", "false", "TRUE", "inf", "nan", "", "1.5"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=6)
_TYPE = {"string": str, "integer": int, "number": (int, float), "boolean": bool,
         "array": list, "object": dict}


@settings(max_examples=300, deadline=None)
@given(value=_JSON, kinds=st.lists(_KINDS, min_size=1, max_size=2, unique=True),
       enum=st.none() | st.lists(_JSON, min_size=1, max_size=3))
def test_a_kept_default_always_fits(value: Any, kinds: list[str], enum: list[Any] | None) -> None:
    fixed = _coerced(value, kinds, enum)
    if fixed is _NONE:
        return
    assert any(isinstance(fixed, _TYPE[k]) and not (isinstance(fixed, bool) and k in (
        "integer", "number")) for k in kinds)
    if isinstance(fixed, float):
        assert math.isfinite(fixed)
    if enum is not None:
        assert any((type(fixed) is type(item) and fixed == item) or (
            isinstance(fixed, (int, float)) and not isinstance(fixed, bool)
            and isinstance(item, (int, float)) and not isinstance(item, bool) and fixed == item)
            for item in enum)


def test_string_lengths_on_an_array_are_item_counts(tmp_path: Path) -> None:
    """A VPN manager's `nameservers: {type: array, minLength: 1, maxLength: 3}`: the models
    enforced it, the server's JSON Schema did not, so its mock answered with an empty list its
    own models refused."""
    props, warnings = _foo(tmp_path, (
        "        servers: {type: array, items: {type: string}, minLength: 1, maxLength: 3}\n"
        "        both: {type: array, items: {type: string}, minLength: 2, minItems: 1}\n"))
    assert props["servers"] == {"type": "array", "items": {"type": "string"}, "minItems": 1,
                                "maxItems": 3}
    assert props["both"] == {"type": "array", "items": {"type": "string"}, "minItems": 1}
    assert warnings[0] == ("9 /components/schemas/Foo/properties/servers/minLength minLength "
                           "does not apply to an array; read as minItems")
    assert len(warnings) == 3


def test_object_and_array_keywords_imply_the_type(tmp_path: Path) -> None:
    """A sandbox API's bodies declare `properties` and `required` but no `type`: JSON Schema
    then takes a string too (schemathesis sent one), the models do not."""
    props, warnings = _foo(tmp_path, (
        "        step: {required: [kind], properties: {kind: {type: string}}}\n"
        "        steps: {items: {type: string}}\n"
        "        either: {oneOf: [{type: string}, {properties: {a: {type: string}}}]}\n"
        "        both: {properties: {a: {type: string}}, items: {type: string}}\n"))
    assert props["step"]["type"] == "object" and props["steps"]["type"] == "array"
    assert "type" not in props["either"] and "type" not in props["both"]
    assert props["either"]["oneOf"][1]["type"] == "object"
    assert warnings == []
