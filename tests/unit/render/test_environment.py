"""The filters that put spec strings into generated code must keep them inert; the blocks of the
built-in templates are listed with what their overrides see."""

from __future__ import annotations

import ast

import pytest

from generator.literals import comment, docstring, pyrepr, pystr
from generator.render.environment import (
    output_templates,
    template_blocks,
    template_seams,
)

HOSTILE = [
    '"""', "'''", '"', "\\", "\\\"\"\"", 'end"', "a\nb", "\r\n", "\x00", "\x1b[31m", "\u2028",
    "\u2029", "{{ x }}", "{% if %}", "# c", "\x0c", "\x85", "'''\"\"\"\\", "\t", "x\\",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_stays_in_its_literal(text: str) -> None:
    source = f'def f():\n    """{docstring(text)}"""\n'
    tree = ast.parse(source)
    body = tree.body[0]
    assert isinstance(body, ast.FunctionDef) and len(body.body) == 1
    value = ast.literal_eval(body.body[0].value)  # type: ignore[attr-defined]
    assert isinstance(value, str)


def test_docstring_round_trips_printable_text() -> None:
    text = 'He said """hi""" \\ and left.'
    assert ast.literal_eval(f'"""{docstring(text)}"""') == text


@pytest.mark.parametrize("text", HOSTILE)
def test_comment_stays_on_one_line(text: str) -> None:
    source = f"x = 1  # {comment(text)}\ny = 2\n"
    tree = ast.parse(source)
    assert len(tree.body) == 2
    assert len(source.splitlines()) == 2


@pytest.mark.parametrize("text", HOSTILE)
def test_pystr_round_trips(text: str) -> None:
    assert ast.literal_eval(pystr(text)) == text


@pytest.mark.parametrize("value", [
    {"a": [1, 2.5, None, True, "x\"'"], "b\n": {"c": "\u2028"}},
    [], {}, "plain", 0, -1.25, False,
])
def test_pyrepr_round_trips_json_data(value: object) -> None:
    assert ast.literal_eval(pyrepr(value)) == value


def test_template_seams_name_the_loop_variables_of_scoped_blocks() -> None:
    seams = dict(template_seams("_client.py.jinja"))
    assert seams["module_docstring"] == ()
    assert seams["method_body"] == ("is_async", "resource", "op")
    assert seams["raw_resource_class"] == ("is_async", "resource")
    assert dict(template_seams("server/routes.py.jinja"))["route"] == ("server_op", "op", "runtime")
    assert template_blocks("_base.py.jinja")[:2] == ["module_docstring", "imports"]


def test_every_rendered_builtin_has_a_module_docstring_and_imports_block() -> None:
    for name in output_templates(None):
        assert template_blocks(name)[:2] == ["module_docstring", "imports"], name

