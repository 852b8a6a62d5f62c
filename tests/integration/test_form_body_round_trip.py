"""Property: a form-urlencoded body field the generated client sends reaches the generated
server's handler as the same value, for every shape a field takes (nested inline objects,
arrays of them, maps, unions of a container and Stripe's `""`, a `$ref`'d model) in both
styles a form spells them in (`deepObject`: `name[a][0][b]=v`; the default `form`: JSON text).

The client's encoding (`_base.BodySpec.form`) and the server's decoding (`_runtime.form_body`)
follow one rule, the field's `shape` in the IR. Inline objects nested in a form body are
free-form objects (`prepare.inline_schemas`), whose shape must survive that: flattened to no
type at all, they were sent as JSON text although the spec said `deepObject`, a required array
left empty answered 422 (Stripe's PostPaymentLinks and PostTaxCalculations), and a union such
as `anyOf: [array, {enum: [""]}]` was read back as one text. A form spells every leaf as text,
so values are compared as text (`true`, `42`), and what a form cannot spell (an empty array or
object) is compared with what the server makes of nothing: the empty value for a required
field, no value for an optional one.
"""

from __future__ import annotations

import importlib
import string
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from generation_support import imported_package
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

PACKAGE = "round_trip_forms"

_OBJECT: dict[str, Any] = {"type": "object", "required": ["a"], "properties": {
    "a": {"type": "string"}, "n": {"type": "integer"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "inner": {"type": "object", "properties": {"flag": {"type": "boolean"}}}}}
_EMPTY: dict[str, Any] = {"type": "string", "enum": [""]}
SCHEMAS: dict[str, dict[str, Any]] = {
    "object": _OBJECT,
    "objects": {"type": "array", "items": _OBJECT},
    "map": {"type": "object", "additionalProperties": {"type": "string"}},
    "object_or_empty": {"anyOf": [_OBJECT, _EMPTY]},
    "objects_or_empty": {"anyOf": [{"type": "array", "items": _OBJECT}, _EMPTY]},
    "codes_or_empty": {"anyOf": [{"type": "array", "items": {
        "type": "string", "enum": ["card", "sepa"]}}, _EMPTY]},
    # `""` is also an array's item here: only the `deepObject` spelling tells them apart.
    "words_or_empty": {"anyOf": [{"type": "array", "items": {"type": "string"}}, _EMPTY]},
    "model": {"$ref": "#/components/schemas/Model"},
    "models": {"type": "array", "items": {"$ref": "#/components/schemas/Model"}},
}
COMPONENTS = {"Model": _OBJECT}
STYLES = ("deepObject", "form")
COMBOS = [(kind, style, required) for kind in SCHEMAS for style in STYLES
          for required in (True, False)
          # In `form` style a one-item array of text and a text are the same pairs.
          if (kind, style) != ("words_or_empty", "form")]


def _spec() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for index, (kind, style, required) in enumerate(COMBOS):
        encoding = {"value": {"style": style, "explode": True}} if style != "form" else {}
        paths[f"/c{index}"] = {"post": {
            "operationId": f"op{index}",
            "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {
                "schema": {"type": "object", "required": ["name", *(["value"] * required)],
                           "properties": {"name": {"type": "string"},
                                          "value": SCHEMAS[kind]}},
                "encoding": encoding}}},
            "responses": {"204": {"description": "done"}},
        }}
    return {"openapi": "3.0.3", "info": {"title": "Form round trip", "version": "1"},
            "paths": paths, "components": {"schemas": COMPONENTS}}


_WORD = st.text(string.ascii_letters + string.digits + "-_.~ ", min_size=1, max_size=8)
_INT = st.integers(-10**6, 10**6)


def _some(fields: dict[str, st.SearchStrategy[Any]], required: tuple[str, ...]
          ) -> st.SearchStrategy[dict[str, Any]]:
    optional = [k for k in fields if k not in required]
    return st.sets(st.sampled_from(optional)).flatmap(lambda chosen: st.fixed_dictionaries(
        {k: fields[k] for k in (*required, *sorted(chosen))}))


# Below the top level nothing is empty: `deepObject` spells no key for an empty array or object.
_OBJECT_VALUE = _some({"a": _WORD, "n": _INT, "tags": st.lists(_WORD, min_size=1, max_size=3),
                       "inner": st.fixed_dictionaries({"flag": st.booleans()})}, ("a",))


def _value(kind: str) -> st.SearchStrategy[Any]:
    objects = st.lists(_OBJECT_VALUE, max_size=3)
    return {
        "object": _OBJECT_VALUE,
        "objects": objects,
        "map": st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=5), _WORD,
                               max_size=3),
        "object_or_empty": _OBJECT_VALUE | st.just(""),
        "objects_or_empty": objects.filter(bool) | st.just(""),
        "codes_or_empty": st.lists(st.sampled_from(["card", "sepa"]), min_size=1,
                                   max_size=3) | st.just(""),
        "words_or_empty": st.lists(_WORD | st.just(""), min_size=1, max_size=3) | st.just(""),
        "model": _OBJECT_VALUE,
        "models": objects,
    }[kind]


def _texts(value: Any) -> Any:
    """A value as a form spells its leaves."""
    if isinstance(value, dict):
        return {str(k): _texts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_texts(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(getattr(value, "value", value))  # an enum member by its value


def _expected(value: Any, *, required: bool, style: str) -> Any:
    """What the handler gets: the value, but nothing for an optional value a form cannot spell
    (an empty array; an empty object in `deepObject` style, where JSON text spells `{}`)."""
    unspelled = value == [] or (value == {} and style == "deepObject")
    return None if unspelled and not required else _texts(value)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with imported_package(_spec(), tmp_path_factory.mktemp("form_round_trip"),
                          package=PACKAGE) as module:
        yield module


class Recorder:
    """Handlers that keep the body they received."""

    def __init__(self) -> None:
        self.body: Any = None

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("op"):
            raise AttributeError(name)

        async def handle(*, body: Any) -> None:
            self.body = body

        return handle


@pytest.fixture(scope="module")
def wired(package: ModuleType) -> Iterator[tuple[Any, Recorder]]:
    server = importlib.import_module(f"{PACKAGE}.server")
    recorder = Recorder()
    with TestClient(server.create_app(recorder), base_url="http://test") as http:
        yield package.Client(base_url="http://test", http_client=http, max_retries=0), recorder


def _received(body: Any) -> Any:
    value = body.value
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    elif isinstance(value, list):
        value = [v.model_dump(mode="json", by_alias=True, exclude_unset=True)
                 if hasattr(v, "model_dump") else v for v in value]
    return None if value is None else _texts(value)


@settings(max_examples=300, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_the_handler_sees_the_form_field_the_client_sent(wired: tuple[Any, Recorder],
                                                         data: st.DataObject) -> None:
    client, recorder = wired
    index = data.draw(st.integers(0, len(COMBOS) - 1), label="combination")
    kind, style, required = COMBOS[index]
    value = data.draw(_value(kind), label="value")
    recorder.body = None
    getattr(client, f"c{index}").create(name="n", value=value)
    assert recorder.body is not None and recorder.body.name == "n"
    assert _received(recorder.body) == _expected(
        value, required=required, style=style), COMBOS[index]


def test_nested_inline_objects_keep_their_shape(package: ModuleType) -> None:
    """The flattened field types: free-form objects where the spec had inline ones, arrays and
    unions around them as the spec has them (not `Any`)."""
    fields = package.models.Op4Request.model_fields  # objects, deepObject, required
    assert fields["value"].annotation == list[dict[str, Any]]
