"""generator.ir.samples: spec examples when they validate, else minimal valid instances."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.ir.samples import Synthesizer


def synthesizer(schemas: dict[str, Any] | None = None, *, version: str = "3.1.0") -> Synthesizer:
    data = {"openapi": version, "components": {"schemas": schemas or {}}}

    def resolve(ref: str) -> Any:
        node: Any = data
        for token in ref.removeprefix("#/").split("/"):
            node = node[token]
        return node

    return Synthesizer(data, resolve=resolve)


@pytest.mark.parametrize(("schema", "expected"), [
    ({"type": "string"}, "text"),
    ({"type": "string", "format": "date-time"}, "1970-01-01T00:00:00Z"),
    ({"type": "string", "format": "uuid"}, "00000000-0000-4000-8000-000000000000"),
    ({"type": "string", "format": "decimal"}, "0"),  # Stripe's unit_amount_decimal
    ({"type": "string", "minLength": 6}, "textxx"),
    ({"type": "string", "maxLength": 2}, "te"),
    ({"type": "string", "enum": ["b", "a"]}, "b"),
    ({"const": 3}, 3),
    ({"type": "integer"}, 0),
    ({"type": "integer", "minimum": 5}, 5),
    ({"type": "integer", "exclusiveMinimum": 5}, 6),
    ({"type": "number", "maximum": -2}, -2),
    ({"type": "integer", "minimum": 1, "multipleOf": 5}, 5),
    ({"type": "boolean"}, False),
    ({"type": ["null", "string"]}, "text"),
    ({"type": "array", "items": {"type": "integer"}}, []),
    ({"type": "array", "minItems": 2, "items": {"type": "integer"}}, [0, 0]),
    ({"type": "string", "examples": ["from-the-spec"]}, "from-the-spec"),
    ({"type": "integer", "default": 7}, 7),
])
def test_minimal_instances(schema: dict[str, Any], expected: Any) -> None:
    value, ok = synthesizer().sample(schema, text="text")
    assert ok
    assert value == expected


def test_objects_get_required_properties_only_through_refs() -> None:
    s = synthesizer({
        "Inner": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}},
        "Outer": {"type": "object", "required": ["inner", "name"], "additionalProperties": False,
                  "properties": {"inner": {"$ref": "#/components/schemas/Inner"},
                                 "name": {"type": "string"}, "skip": {"type": "string"}}},
    })
    value, ok = s.sample({"$ref": "#/components/schemas/Outer"}, text="t")
    assert ok
    assert value == {"inner": {"n": 0}, "name": "t"}


def test_all_of_merges_and_one_of_picks_a_valid_variant() -> None:
    s = synthesizer()
    merged, ok = s.sample({"allOf": [
        {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
        {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}},
    ]}, text="x")
    assert ok and merged == {"a": "x", "b": 0}
    variant, ok = s.sample({"oneOf": [{"type": "null"}, {"type": "integer", "minimum": 2}]},
                           text="x")
    assert ok and variant == 2


def test_a_valid_example_wins_and_an_invalid_one_is_passed_over() -> None:
    s = synthesizer()
    schema = {"type": "object", "required": ["id"], "additionalProperties": False,
              "properties": {"id": {"type": "integer"}}}
    assert s.sample(schema, text="t", examples=({"id": 5},)) == ({"id": 5}, True)
    assert s.sample(schema, text="t", examples=({"id": "five"},)) == ({"id": 0}, True)


def test_impossible_schemas_report_failure() -> None:
    s = synthesizer()
    assert s.sample({"type": "string", "pattern": r"^(a)\1$"}, text="t") == (None, False)
    assert s.sample({"type": "object", "required": ["x"], "additionalProperties": False},
                    text="t") == (None, False)


def test_openapi_30_nullable_is_understood() -> None:
    s = synthesizer(version="3.0.3")
    assert s.is_valid({"type": "string", "nullable": True}, None)
    assert not s.is_valid({"type": "string"}, None)


def test_recursive_required_structures_give_up() -> None:
    s = synthesizer({"Node": {"type": "object", "required": ["next"],
                              "properties": {"next": {"$ref": "#/components/schemas/Node"}}}})
    assert s.sample({"$ref": "#/components/schemas/Node"}, text="t") == (None, False)


def test_a_pattern_is_met() -> None:
    value, ok = synthesizer().sample({"type": "string", "pattern": "^(0|[1-9][0-9]*)$"},
                                     text="text")
    assert (value, ok) == ("0", True)


def test_required_properties_declared_by_a_sibling_all_of_part() -> None:
    schemas = {
        "Page": {"type": "object", "required": ["items", "total"],
                 "properties": {"total": {"type": "integer"}}},
        "Album": {"type": "object", "required": ["tracks"], "allOf": [
            {"$ref": "#/components/schemas/Page"},
            {"type": "object", "properties": {
                "items": {"type": "array", "items": {"type": "string"}},
                "tracks": {"type": "array", "items": {"type": "string"}}}},
        ]},
    }
    value, ok = synthesizer(schemas).sample({"$ref": "#/components/schemas/Album"}, text="t")
    assert ok
    assert value == {"items": [], "total": 0, "tracks": []}


def test_discriminated_variants_carry_their_tag() -> None:
    schemas = {
        "Cat": {"type": "object", "required": ["kind", "meow"],
                "properties": {"kind": {"type": "string"}, "meow": {"type": "boolean"}}},
        "Dog": {"type": "object", "required": ["kind"], "additionalProperties": False,
                "properties": {"kind": {"type": "string"}}},
        "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"},
                          {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind",
                                  "mapping": {"kitty": "#/components/schemas/Cat"}}},
        "Implicit": {"oneOf": [{"$ref": "#/components/schemas/Dog"}],
                     "discriminator": {"propertyName": "kind"}},
    }
    build = synthesizer(schemas).sample
    assert build({"$ref": "#/components/schemas/Pet"}, text="t") == (
        {"kind": "kitty", "meow": False}, True)
    assert build({"$ref": "#/components/schemas/Implicit"}, text="t") == ({"kind": "Dog"}, True)


def test_a_base_schema_with_a_mapping_becomes_its_first_subtype() -> None:
    schemas = {
        "Pet": {"type": "object", "required": ["petType"],
                "properties": {"petType": {"type": "string"}},
                "discriminator": {"propertyName": "petType",
                                  "mapping": {"cat": "#/components/schemas/Cat"}}},
        "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"},
                          {"type": "object", "required": ["lives"],
                           "properties": {"lives": {"type": "integer", "minimum": 9}}}]},
    }
    value, ok = synthesizer(schemas).sample({"$ref": "#/components/schemas/Pet"}, text="t")
    assert (value, ok) == ({"petType": "cat", "lives": 9}, True)


@pytest.mark.parametrize(("items", "count"), [
    ({"type": "string", "pattern": "^(0|[1-9][0-9]*)$"}, 3),  # Discord's snowflake ids
    ({"type": "integer", "minimum": 0, "maximum": 3}, 4),
    ({"type": "string", "format": "uuid"}, 2),
    ({"type": "string", "enum": ["a", "b", "c"]}, 2),
    ({"type": "boolean"}, 2),
])
def test_unique_items_get_different_values(items: dict[str, Any], count: int) -> None:
    schema = {"type": "array", "uniqueItems": True, "minItems": count, "items": items}
    value, ok = synthesizer().sample(schema, text="text")
    assert ok and len(value) == count and len({repr(v) for v in value}) == count


def test_unique_items_beyond_what_the_item_admits_report_failure() -> None:
    schema = {"type": "array", "uniqueItems": True, "minItems": 3, "items": {"type": "boolean"}}
    assert synthesizer().sample(schema, text="text")[1] is False


def test_a_schema_a_discriminator_names_carries_its_tag_on_its_own() -> None:
    # The models make the tag a required Literal even where the JSON Schema leaves it out.
    schemas = {
        "Track": {"type": "object", "properties": {"type": {"type": "string",
                                                            "enum": ["track"]}}},
        "Dog": {"type": "object", "properties": {"kind": {"type": "string"}}},
        "Cat": {"type": "object", "properties": {"kind": {"type": "string"}}},
        "Item": {"type": "object", "properties": {
            "a": {"oneOf": [{"$ref": "#/components/schemas/Track"}],
                  "discriminator": {"propertyName": "type"}},
            "b": {"oneOf": [{"$ref": "#/components/schemas/Dog"},
                            {"$ref": "#/components/schemas/Cat"}],
                  "discriminator": {"propertyName": "kind",
                                    "mapping": {"kitty": "#/components/schemas/Cat"}}}}},
    }
    build = synthesizer(schemas).sample
    assert build({"$ref": "#/components/schemas/Track"}, text="t") == ({"type": "track"}, True)
    assert build({"$ref": "#/components/schemas/Dog"}, text="t") == ({"kind": "Dog"}, True)
    assert build({"$ref": "#/components/schemas/Cat"}, text="t") == ({"kind": "kitty"}, True)
    assert build({"type": "array", "minItems": 1,
                  "items": {"$ref": "#/components/schemas/Cat"}}, text="t") == (
        [{"kind": "kitty"}], True)


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_uri_sample_is_an_absolute_url_as_the_models_read_it(version: str) -> None:
    # The models type `format: uri` as pydantic's AnyUrl; relative references are passed over.
    s = synthesizer({"Link": {"type": "string", "format": "uri", "example": "/contacts/1"}},
                    version=version)
    assert not s.is_valid({"type": "string", "format": "uri"}, "note")
    assert s.is_valid({"type": "string", "format": "uri-reference"}, "/contacts/1")
    schema = {"type": "object", "required": ["url"],
              "properties": {"url": {"$ref": "#/components/schemas/Link"}}}
    assert s.sample(schema, text="t", examples=({"url": "/contacts/1"},)) == (
        {"url": "https://example.com"}, True)


def test_a_one_of_sample_is_widened_until_it_fits_one_variant_alone() -> None:
    # `[]` fits both array variants and `{}` both object variants: an item, or an optional
    # property whose enum the other variant refuses, rules the other out.
    schemas = {"Prediction": {"type": "object", "required": ["score"],
                              "properties": {"score": {"type": "number"}}}}
    prediction = {"$ref": "#/components/schemas/Prediction"}
    s = synthesizer(schemas)
    arrays = {"oneOf": [{"type": "array", "items": prediction},
                        {"type": "array", "items": {"type": "array", "items": prediction}}]}
    assert s.noted_sample(arrays, text="t") == ([{"score": 0}], True, True)
    formats = {"oneOf": [
        {"type": "object", "properties": {"format": {"type": "string", "enum": ["json"]},
                                          "results": {"type": "array"}}},
        {"type": "object", "properties": {"format": {"type": "string", "enum": ["csv"]},
                                          "results": {"type": "string"}}}]}
    assert s.noted_sample(formats, text="t") == ({"format": "json"}, True, True)


def test_overlapping_one_of_variants_get_a_sample_noted_inexact() -> None:
    # No instance fits exactly one of two identical variants: the sample fits both (the
    # models take the first), and the note lets generation warn.
    same = {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}}
    s = synthesizer()
    assert s.noted_sample({"oneOf": [same, same]}, text="t") == ({"type": "t"}, True, False)


def test_an_all_of_part_gives_its_object_variant_beside_object_parts() -> None:
    # The first variant of the `oneOf` part is a string, which no object part agrees with.
    s = synthesizer({"Kind": {"oneOf": [
        {"type": "string", "enum": ["web"]},
        {"type": "object", "required": ["github"], "properties": {"github": {"type": "string"}}},
    ]}})
    schema = {"allOf": [{"$ref": "#/components/schemas/Kind"},
                        {"type": "object", "required": ["name"],
                         "properties": {"name": {"type": "string"}}}]}
    assert s.sample(schema, text="t") == ({"github": "t", "name": "t"}, True)


def test_min_properties_are_met_with_declared_then_made_up_properties() -> None:
    s = synthesizer({"Tags": {"type": "object", "additionalProperties": {"type": "integer"}}})
    declared = {"type": "object", "minProperties": 1,
                "properties": {"a": {"type": "array", "items": {"type": "string"}},
                               "b": {"type": "string"}}}
    assert s.sample(declared, text="t") == ({"a": []}, True)
    free = {"type": "object", "required": ["origin"], "properties": {"origin": {
        "type": "object", "minProperties": 1, "maxProperties": 1,
        "additionalProperties": {"$ref": "#/components/schemas/Tags"}}}}
    assert s.sample(free, text="t") == ({"origin": {"t0": {}}}, True)


def test_a_variant_requiring_only_properties_the_schema_declares_gets_their_types() -> None:
    # Intercom's create_data_event_request: `anyOf` variants that only say which declared
    # properties are required (their values were free text, not the declared integer).
    schema = {"type": "object", "properties": {
        "at": {"type": "integer"}, "id": {"type": "string"}, "email": {"type": "string"}},
        "anyOf": [{"required": ["at", "id"]}, {"required": ["at", "email"]}]}
    value, ok = synthesizer().sample(schema, text="text")
    assert ok and value == {"at": 0, "id": "text"}


_DECLARED = st.sampled_from([
    {"type": "integer", "minimum": 3}, {"type": "boolean"}, {"type": "number"},
    {"type": "string", "format": "date"}, {"type": "string", "enum": ["x", "y"]},
    {"type": "array", "items": {"type": "integer"}, "minItems": 1},
    {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}])


@settings(max_examples=60, deadline=None)
@given(declared=st.dictionaries(st.sampled_from("abcde"), _DECLARED, min_size=1),
       data=st.data(), key=st.sampled_from(["oneOf", "anyOf"]))
def test_variants_naming_declared_properties_always_sample(
        declared: dict[str, Any], data: st.DataObject, key: str) -> None:
    names = sorted(declared)
    variants = [{"required": data.draw(st.lists(st.sampled_from(names), min_size=1,
                                                max_size=len(names), unique=True))}
                for _ in range(data.draw(st.integers(1, 3)))]
    if key == "oneOf":  # variants that require the same names overlap: keep them apart
        variants = list({tuple(sorted(v["required"])): v for v in variants}.values())[:1]
    schema = {"type": "object", "properties": declared, key: variants}
    value, ok = synthesizer().sample(schema, text="text")
    assert ok, schema
    assert synthesizer().is_valid(schema, value)


@pytest.mark.parametrize("free", [{}, {"description": "opened remote schema"}, True])
def test_an_all_of_part_that_constrains_nothing_takes_the_siblings_object(free: Any) -> None:
    # Tyk's getMCP: allOf [a remote schema opened to any value, TykVendorExtension]; the free
    # part's text was the sample, no instance of the object part (the mock answered 500).
    schemas = {"Ext": {"type": "object", "properties": {"x": {"type": "string"}}}}
    schema = {"allOf": [free, {"$ref": "#/components/schemas/Ext"}]}
    assert synthesizer(schemas).sample(schema, text="text") == ({}, True)
    required = {"allOf": [free, {"type": "object", "required": ["x"],
                                 "properties": {"x": {"type": "integer"}}}]}
    assert synthesizer().sample(required, text="text") == ({"x": 0}, True)


def test_a_key_another_variant_declares_rules_it_out() -> None:
    # Supabase's POST /signup: two objects of optional properties that allow unknown keys.
    # Each optional property of one is an unknown key of the other, so widening alone gave
    # `{}`-like samples valid under both; `id: 0` is refused by the user alone.
    schemas = {"Token": {"type": "object", "properties": {"access_token": {"type": "string"}}},
               "User": {"type": "object", "properties": {"id": {"type": "string"}}}}
    schema = {"oneOf": [{"$ref": "#/components/schemas/Token"},
                        {"$ref": "#/components/schemas/User"}]}
    assert synthesizer(schemas).noted_sample(schema, text="t") == ({"id": 0}, True, True)
    # An enum value of the variant's own declaration that the other's refuses.
    kinds = {"oneOf": [
        {"type": "object", "required": ["k"], "properties": {"k": {"enum": ["a", "b"]}}},
        {"type": "object", "required": ["k"], "properties": {"k": {"enum": ["a"]}}}]}
    assert synthesizer().noted_sample(kinds, text="t") == ({"k": "b"}, True, True)


_NAMES = ("a", "b", "c")
_PROPERTY = st.sampled_from([
    {"type": "string"}, {"type": "integer"}, {"type": "boolean"},
    {"type": "string", "enum": ["p"]}, {"type": "string", "enum": ["p", "q"]},
    {"type": ["integer", "null"]}])


@st.composite
def _object_variant(draw: st.DrawFn) -> dict[str, Any]:
    properties = draw(st.dictionaries(st.sampled_from(_NAMES), _PROPERTY, max_size=3))
    variant: dict[str, Any] = {"type": "object", "properties": properties}
    required = draw(st.lists(st.sampled_from(sorted(properties)), unique=True)
                    if properties else st.just([]))
    if required:
        variant["required"] = required
    if draw(st.booleans()):
        variant["additionalProperties"] = False
    return variant


def _instances() -> list[dict[str, Any]]:
    """Every object over `_NAMES` and one undeclared key with values of each kind."""
    values = (0, "p", "q", True, None)
    found: list[dict[str, Any]] = [{}]
    for name in (*_NAMES, "d"):
        found += [{**known, name: value} for known in found for value in values]
    return found


_UNIVERSE = _instances()


@settings(max_examples=80, deadline=None)
@given(variants=st.lists(_object_variant(), min_size=2, max_size=3))
# Found by this test: ruling out `{a: string}` with `a: 0` let `{a: integer}` in, and ruling
# that out with `a: ""` let the first back in; `a: false` rules out both.
@example(variants=[{"type": "object", "properties": {}},
                   {"type": "object", "properties": {"a": {"type": "string"}}},
                   {"type": "object", "properties": {"a": {"type": "integer"}}}])
def test_a_one_of_sample_fits_one_variant_alone_when_some_instance_does(
        variants: list[dict[str, Any]]) -> None:
    from jsonschema import Draft202012Validator

    checks = [Draft202012Validator(v) for v in variants]
    exists = any(sum(c.is_valid(i) for c in checks) == 1 for i in _UNIVERSE)
    value, ok, exact = synthesizer().noted_sample({"oneOf": variants}, text="t")
    if exists:
        assert ok and exact, variants
        assert sum(c.is_valid(value) for c in checks) == 1, (variants, value)


def _scalars() -> st.SearchStrategy[dict[str, Any]]:
    words = st.text("abcxyz", min_size=1, max_size=4)
    return st.one_of(
        st.builds(lambda lo, span: {"type": "string", "minLength": lo, "maxLength": lo + span},
                  st.integers(0, 5), st.integers(0, 5)),
        st.lists(words, min_size=1, max_size=4, unique=True).map(
            lambda values: {"type": "string", "enum": values}),
        st.builds(lambda lo, span: {"type": "integer", "minimum": lo, "maximum": lo + span},
                  st.integers(-20, 20), st.integers(0, 10)),
        st.builds(lambda m: {"type": "integer", "multipleOf": m, "minimum": 1}, st.integers(2, 7)),
        st.just({"type": "number", "exclusiveMinimum": 0.5}),
        st.just({"type": "boolean"}),
        words.map(lambda value: {"const": value}),
        st.just({"$ref": "#/components/schemas/Kind"}),
        st.just({"type": "string", "format": "date-time"}),
    )


def _composites(inner: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    names = st.sampled_from("abcd")
    return st.one_of(
        st.builds(lambda items, lo: {"type": "array", "items": items, "minItems": lo},
                  inner, st.integers(0, 2)),
        st.builds(lambda props, data: {
            "type": "object", "properties": props,
            "required": sorted(data.draw(st.sets(st.sampled_from(sorted(props)))))},
            st.dictionaries(names, inner, min_size=1, max_size=3), st.data()),
        st.builds(lambda props: {"allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"type": "object", "properties": props, "required": sorted(props)}]},
            st.dictionaries(names, inner, min_size=1, max_size=2)),
        st.builds(lambda text, number: {"oneOf": [text, number]},
                  st.just({"type": "string"}), st.just({"type": "integer"})),
        st.builds(lambda parts: {"anyOf": parts}, st.lists(inner, min_size=1, max_size=3)),
    )


SAMPLED_COMPONENTS = {
    "Kind": {"type": "string", "enum": ["text_embedding", "chat_completion"]},
    "Base": {"type": "object", "required": ["kind"],
             "properties": {"kind": {"$ref": "#/components/schemas/Kind"}}},
}


@settings(max_examples=150, deadline=None)
@given(schema=st.recursive(_scalars(), _composites, max_leaves=8))
def test_a_sample_validates_against_its_schema(schema: dict[str, Any]) -> None:
    """The mock answers with the sample, so the sample must fit the declared schema (checked
    by jsonschema, not by the synthesizer's own judgement); a schema it cannot meet is
    reported as such, never sampled wrongly."""
    import jsonschema

    value, ok = synthesizer(SAMPLED_COMPONENTS).sample(schema, text="text")
    if ok:
        root = {**schema, "components": {"schemas": SAMPLED_COMPONENTS}}
        jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker()
                                        ).validate(value)
