"""Property: a parameter value the generated client sends reaches the generated server's handler
as the same value, for every location, style, explode and type the client serialises (one rule,
`_base.query_pairs`/`simple` on the way out, `_runtime.styled` on the way in).

One package holds an operation per (location, style, explode, schema) combination; each also
takes a scalar query parameter `limit`, so a form-exploded object is shown to leave the keys of
other parameters alone. Hypothesis draws the combination and the value.
"""

from __future__ import annotations

import importlib
import string
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "round_trip_params"

SCHEMAS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "strings": {"type": "array", "items": {"type": "string"}},
    "integers": {"type": "array", "items": {"type": "integer"}},
    "object": {"$ref": "#/components/schemas/Filter"},
    "closed": {"$ref": "#/components/schemas/Closed"},
    "map": {"type": "object", "additionalProperties": {"type": "string"}},
    "either": {"oneOf": [{"$ref": "#/components/schemas/Filter"}, {"type": "string"}]},
    # A scalar or an array (a search engine's index lists): one value is the scalar.
    "one_or_many": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
}
COMPONENTS = {
    "Filter": {"type": "object", "required": ["s"], "properties": {
        "s": {"type": "string"}, "n": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "inner": {"type": "object", "properties": {"flags": {
            "type": "array", "items": {"type": "boolean"}}}}}},
    "Closed": {"type": "object", "additionalProperties": False, "required": ["a"],
               "properties": {"a": {"type": "string"}, "b": {"type": "integer"},
                              "list": {"type": "array", "items": {"type": "integer"}}}},
}
SCALARS = ("string", "integer", "boolean")
ARRAYS = ("strings", "integers", "one_or_many")
OBJECTS = ("object", "closed", "map", "either")
# (location, style, explode) -> the schemas that style spells.
STYLES: dict[tuple[str, str, bool], tuple[str, ...]] = {
    ("query", "form", True): SCALARS + ARRAYS + OBJECTS,
    ("query", "form", False): SCALARS + ARRAYS + ("closed", "map"),
    ("query", "spaceDelimited", False): (*ARRAYS, "closed", "map"),
    ("query", "pipeDelimited", False): (*ARRAYS, "closed", "map"),
    ("query", "deepObject", True): ("object", "closed", "map", "either"),
    ("header", "simple", False): SCALARS + ARRAYS + ("closed", "map"),
    ("header", "simple", True): (*ARRAYS, "closed", "map"),
    ("path", "simple", False): SCALARS + ARRAYS + ("closed", "map"),
    ("path", "simple", True): (*ARRAYS, "closed", "map"),
    ("cookie", "form", False): SCALARS + ARRAYS + ("closed", "map"),
}
COMBOS = [(location, style, explode, kind) for (location, style, explode), kinds
          in STYLES.items() for kind in kinds]


def _operation_id(index: int) -> str:
    return f"op{index}"


def _spec() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for index, (location, style, explode, kind) in enumerate(COMBOS):
        param = {"name": "value", "in": location, "style": style, "explode": explode,
                 "required": location == "path", "schema": SCHEMAS[kind]}
        path = f"/c{index}" + ("/{value}" if location == "path" else "")
        paths[path] = {"get": {
            "operationId": _operation_id(index),
            "parameters": [param, {"name": "limit", "in": "query",
                                   "schema": {"type": "integer"}}],
            "responses": {"204": {"description": "done"}},
        }}
    return {"openapi": "3.1.0", "info": {"title": "Round trip", "version": "1"},
            "paths": paths, "components": {"schemas": COMPONENTS}}


# Text every location carries as it is: no delimiter of any style, nothing quoting would need.
_WORD = st.text(string.ascii_letters + string.digits + "-_.~", min_size=1, max_size=8)
_KEY = st.text(string.ascii_lowercase, min_size=1, max_size=6).filter(
    lambda key: key not in ("limit", "value"))
_INT = st.integers(-10**6, 10**6)


def _value(kind: str) -> st.SearchStrategy[Any]:
    def some(fields: dict[str, st.SearchStrategy[Any]],
             required: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
        optional = [k for k in fields if k not in required]
        return st.sets(st.sampled_from(optional) if optional else st.nothing()).flatmap(
            lambda chosen: st.fixed_dictionaries(
                {k: fields[k] for k in (*required, *sorted(chosen))}))

    filter_value = some({"s": _WORD, "n": _INT,
                         "tags": st.lists(_WORD, min_size=1, max_size=3),
                         "inner": st.fixed_dictionaries({"flags": st.lists(
                             st.booleans(), min_size=1, max_size=3)})}, ("s",))
    return {
        "string": _WORD,
        "integer": _INT,
        "boolean": st.booleans(),
        "strings": st.lists(_WORD, min_size=1, max_size=4),
        "integers": st.lists(_INT, min_size=1, max_size=4),
        "object": filter_value,
        "closed": some({"a": _WORD, "b": _INT,
                        "list": st.lists(_INT, min_size=1, max_size=3)}, ("a",)),
        "map": st.dictionaries(_KEY, _WORD, min_size=1, max_size=3),
        "either": st.one_of(_WORD, filter_value),
        "one_or_many": st.one_of(_WORD, st.lists(_WORD, min_size=2, max_size=4)),
    }[kind]


def _fits(location: str, style: str, explode: bool, kind: str, value: Any) -> bool:
    """Values a style cannot spell: nested objects only travel as deepObject."""
    nested = isinstance(value, dict) and "inner" in value
    return not nested or style == "deepObject"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    sys.path.insert(0, str(ROOT / "tests"))
    from generation_support import imported_package

    with imported_package(_spec(), tmp_path_factory.mktemp("round_trip"),
                          package=PACKAGE) as module:
        yield module


class Recorder:
    """Handlers that keep what they received."""

    def __init__(self) -> None:
        self.received: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("op"):
            raise AttributeError(name)

        async def handle(**kwargs: Any) -> None:
            self.received = kwargs

        return handle


@pytest.fixture(scope="module")
def wired(package: ModuleType) -> Iterator[tuple[Any, Recorder]]:
    server = importlib.import_module(f"{PACKAGE}.server")
    recorder = Recorder()
    with TestClient(server.create_app(recorder), base_url="http://test") as http:
        yield package.Client(base_url="http://test", http_client=http, max_retries=0), recorder


def _method(client: Any, index: int) -> Any:
    namespace = getattr(client, f"c{index}")
    return next(getattr(namespace, name) for name in ("list", "retrieve")
                if hasattr(namespace, name))


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return value


@settings(max_examples=400, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_the_handler_sees_what_the_client_sent(wired: tuple[Any, Recorder],
                                               data: st.DataObject) -> None:
    client, recorder = wired
    index = data.draw(st.integers(0, len(COMBOS) - 1), label="combination")
    location, style, explode, kind = COMBOS[index]
    value = data.draw(_value(kind).filter(
        lambda v: _fits(location, style, explode, kind, v)), label="value")
    limit = data.draw(st.none() | _INT, label="limit")
    recorder.received = {}
    arguments: dict[str, Any] = {"value": value}
    if limit is not None:
        arguments["limit"] = limit
    _method(client, index)(**arguments)
    assert _plain(recorder.received["value"]) == value, COMBOS[index]
    assert recorder.received["limit"] == limit


@pytest.mark.parametrize("value", [".", "..", "...", "a.b", ".a"])
def test_a_path_value_of_dots_is_not_a_dot_segment(wired: tuple[Any, Recorder],
                                                   value: str) -> None:
    """`.` and `..` as a whole path segment are dot segments, which URLs drop: the request went
    to the parent route (404). Found by the property test above."""
    client, recorder = wired
    index = COMBOS.index(("path", "simple", False, "string"))
    recorder.received = {}
    _method(client, index)(value=value)
    assert recorder.received["value"] == value
