"""generator.literals: spec text written into code keeps every character visible (ruff's
PLE25xx: control characters, zero-width spaces, bidirectional overrides) and stays inert."""

from __future__ import annotations

import ast
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.literals import comment, docstring, pystr

_HIDDEN = ("Cc", "Cf", "Zl", "Zp")
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) \
    | st.lists(st.sampled_from(["\u200b", "\u202e", "\u2066", "\ufeff", "\x1b", "\x00", "\xad",
                                "\U000e0041", "\u2028", '"""', "\\", "a", "\n"]),
               max_size=12).map("".join)


def _visible(text: str) -> bool:
    return all(c in "\n\t" or unicodedata.category(c) not in _HIDDEN for c in text)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_spec_text_in_code_is_visible_and_inert(text: str) -> None:
    body = docstring(text)
    assert _visible(body)
    assert ast.literal_eval(f'"""{body} """') is not None
    line = comment(text)
    assert _visible(line) and "\n" not in line
    assert _visible(pystr(text)) and ast.literal_eval(pystr(text)) == text


def test_invisible_characters_are_written_as_escapes() -> None:
    # A zero-width space in a search engine's description (ruff PLE2515 on its package).
    assert docstring("a\u200bb") == "a\\u200bb"
    assert comment("x\u202ey") == "x\\u202ey"
    assert docstring("tag\U000e0041") == "tag\\U000e0041"
