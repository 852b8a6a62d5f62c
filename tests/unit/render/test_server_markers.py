"""`render/server_markers.py`: the IR says how a route reads each handler argument
(`ArgumentRead`); this helper alone prints it as FastAPI code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.ir.parts import BodyField, RequestBody, TypeRef
from generator.ir.server_nodes import ArgumentRead, HandlerArgument, ObjectLayout
from generator.render.environment import make_environment
from generator.render.server_markers import fastapi_marker


def _body(kind: str, hint: str, content_type: str, **extra: object) -> RequestBody:
    return RequestBody(content_type=content_type, type=TypeRef(hint=hint), required=True,
                       description="", body_kind=kind, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(("read", "marker"), [
    (ArgumentRead(via="fastapi", location="path", key="pet-id"), "_fastapi.Path()"),
    (ArgumentRead(via="fastapi", location="query", key="tag-name", required=False),
     "_fastapi.Query(alias='tag-name')"),
    (ArgumentRead(via="fastapi", location="query", key="ids", empty_list=True),
     "_fastapi.Query(alias='ids', default_factory=list)"),
    (ArgumentRead(via="fastapi", location="header", key="X-Id"),
     "_fastapi.Header(alias='X-Id', convert_underscores=False)"),
    (ArgumentRead(via="fastapi", location="cookie", key="s'id"),
     "_fastapi.Cookie(alias=\"s'id\")"),
    (ArgumentRead(via="body"), "_fastapi.Body()"),
    (ArgumentRead(via="json", kind="_models.Owner", required=False),
     "_fastapi.Depends(_runtime.json_body(_models.Owner, required=False))"),
    (ArgumentRead(via="text"), "_fastapi.Depends(_runtime.read_text)"),
    (ArgumentRead(via="text", required=False),
     "_fastapi.Depends(_runtime.read_optional_text)"),
    (ArgumentRead(via="binary"), "_fastapi.Depends(_runtime.read_bytes)"),
    (ArgumentRead(via="binary", required=False),
     "_fastapi.Depends(_runtime.read_optional_bytes)"),
    (ArgumentRead(via="credentials"), ""),
])
def test_each_reader_prints_its_marker(read: ArgumentRead, marker: str) -> None:
    assert fastapi_marker(read) == marker


def test_styled_parameters_carry_their_style_shape_and_layout() -> None:
    read = ArgumentRead(via="styled", location="query", key="filter", kind="_models.F",
                        required=False, style="form", explode=True, shape="object",
                        layout=ObjectLayout(keys=("a",), arrays=(("b", "*"),), plain=True),
                        others=("limit",))
    assert fastapi_marker(read) == (
        "_fastapi.Depends(_runtime.styled('query', 'filter', style='form', explode=True, "
        "shape='object', kind=_models.F, required=False, others=('limit', ), keys=('a', ), "
        "arrays=(('b', '*', ), ), plain=True))")
    array = ArgumentRead(via="styled", location="path", key="ids", kind="list[int]",
                         style="simple", shape="array", plain=True)
    assert fastapi_marker(array) == (
        "_fastapi.Depends(_runtime.styled('path', 'ids', style='simple', explode=False, "
        "shape='array', kind=list[int], required=True, plain=True))")


def test_form_and_media_bodies() -> None:
    field = BodyField(name="tags", attribute="tags", wire_name="tags",
                      type=TypeRef(hint="list[str]"), required=False, description="",
                      shape="array", delimiter="|")
    form = _body("form", "_models.Form", "application/x-www-form-urlencoded",
                 fields=(field,))
    assert fastapi_marker(ArgumentRead(via="form", body=form)) == (
        "_fastapi.Depends(_runtime.form_body(_models.Form, required=True, "
        "shapes={'tags': 'array'}, delimiters={'tags': '|'}))")
    media = ArgumentRead(via="media", required=False, media=(
        ("application/json", _body("json", "_models.Pet", "application/json")),
        ("text/plain", _body("text", "str", "text/plain")),
        ("application/x-www-form-urlencoded", _body("form", "_models.Pet", "x")),
    ))
    assert fastapi_marker(media) == (
        "_fastapi.Depends(_runtime.any_body({'application/json': "
        "_runtime.json_body(_models.Pet), 'text/plain': _runtime.read_text, "
        "'application/x-www-form-urlencoded': _runtime.form_body(_models.Pet, required=True)}, "
        "required=False))")


def test_templates_reach_it_as_a_filter() -> None:
    argument = HandlerArgument(name="limit", hint="int", source="query", wire_name="limit",
                               required=True,
                               read=ArgumentRead(via="fastapi", location="query", key="limit"))
    template = make_environment().from_string("{{ arg | fastapi_marker }}")
    assert template.render(arg=argument) == "_fastapi.Query(alias='limit')"


def test_the_ir_writes_no_fastapi_code() -> None:
    """What the route reads is the IR's; the code that reads it is the renderer's: no string in
    `generator/ir/` but a docstring names `_fastapi.` or `_runtime.`."""
    ir = Path(__file__).resolve().parents[3] / "generator" / "ir"
    for module in ir.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        code = [node.value for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings]
        assert not [text for text in code if "_fastapi." in text or "_runtime." in text], (
            module.name)
