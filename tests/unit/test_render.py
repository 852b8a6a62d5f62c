"""The filters that put spec strings into generated code must keep them inert."""

from __future__ import annotations

import ast

import pytest

from generator.render import comment, docstring, pyrepr, pystr

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
