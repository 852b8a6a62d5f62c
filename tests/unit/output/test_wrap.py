"""`output.wrap`: prose and lone string literals broken at 88 columns after formatting, without
changing any value the program reads (docstrings aside, where a space becomes a line break)."""

from __future__ import annotations

import ast
import hashlib
import tokenize
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.output import formatting, wrap
from generator.output.formatting import format_source
from generator.output.wrap import LIMIT, wrap_prose


def _long_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if len(line) > LIMIT]


def _strings(source: str) -> list[object]:
    """Every constant of the module, docstrings left out (their line breaks may move)."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and id(node) not in docstrings]


def _docstrings(source: str) -> list[str]:
    tree = ast.parse(source)
    return [" ".join(ast.get_docstring(node, clean=False).split())  # type: ignore[union-attr]
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
            and ast.get_docstring(node) is not None]


SAMPLE = '''\
"""A module docstring whose first line is far too long for eighty-eight columns, on and on."""


class Widget:
    """Widget: a long docstring line that goes on and on past the limit of the line length.

    Args:
        colour: The colour of the widget, which is a long description that goes past the end.
        - a bullet that is also too long for the line, with words words words words words
    https://example.com/a/very/long/url/that/cannot/be/broken/anywhere/at/all/whatsoever/x
    """

    # A comment line that is too long for its line because it goes on and on and on and on.
    size: int = 1  # type: ignore[assignment]  a trailing comment that stays on its line line
    path = "C:\\\\ a path with a backslash before a space \\\\ and more words to pass the limit"


def call(**kwargs: object) -> None:
    call(summary="Upload a file that can be used across endpoints. Files can be up to 512 MB.")
    call(values={"title": "a title that is long enough to be cut into two pieces by the pass"})
'''


@pytest.mark.parametrize("formatter", ["black", "ruff"])
def test_long_prose_and_strings_fit_and_values_stay(formatter: str) -> None:
    out = format_source(SAMPLE, formatter=formatter)
    assert _strings(out) == _strings(SAMPLE)
    assert _docstrings(out) == _docstrings(SAMPLE)
    long = _long_lines(out)
    # What is left: the URL (one word, exempt from E501) and the line a trailing comment owns.
    assert [line.strip()[:12] for line in long] == ["https://exam", "size: int = "]
    assert format_source(out, formatter=formatter) == out
    assert "        colour: The colour" in out and "\n            end.\n" in out


def test_the_marker_of_a_comment_and_of_an_item_continue() -> None:
    text = wrap_prose("    # " + "word " * 30 + "\n")
    assert all(line.startswith("    # word") for line in text.splitlines())
    assert not _long_lines(text)


def test_a_comment_paragraph_is_refilled_not_left_with_stranded_words() -> None:
    """The words broken off a long comment line start the next comment line when it goes on
    with the same sentence; a sentence that ends, a list item or another indentation stop it."""
    long = "# " + "word " * 17 + "ends here"
    source = (f"{long}\n# and goes on here.\n# - item\n"
              f"{long}.\n# New sentence.\n"
              f"x = 1\n    {long}\n# other indent\n")
    assert wrap_prose(source) == (
        "# " + "word " * 16 + "word\n# ends here and goes on here.\n# - item\n"
        "# " + "word " * 16 + "word\n# ends here.\n# New sentence.\n"
        "x = 1\n    # " + "word " * 15 + "word\n    # word ends here\n# other indent\n")


def test_a_line_that_fits_and_code_are_left_alone() -> None:
    code = "x = [" + ", ".join(["aaaaaaaaaa"] * 12) + "]\n"
    assert wrap_prose(code) == code
    assert wrap.wrap_strings(code) == code


def test_the_format_cache_key_names_the_wrap_pass(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    """Formatted pieces are cached by the formatter's fingerprint: a change to the pass that
    runs after the formatter must change the key, or a stale layout is served."""
    before = formatting.formatter_fingerprint("black")
    copy = tmp_path / "wrap.py"
    copy.write_bytes(Path(wrap.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(wrap, "__file__", str(copy))
    formatting._wrap_fingerprint.cache_clear()
    try:
        after = formatting.formatter_fingerprint("black")
    finally:
        monkeypatch.undo()
        formatting._wrap_fingerprint.cache_clear()
    assert before != after
    assert hashlib.sha256(copy.read_bytes()).hexdigest()[:16] in after


_WORD = st.text(st.sampled_from("abcxyz\\'\"{}%é\t"), min_size=1, max_size=14).filter(
    lambda word: word.strip() == word)
_TEXT = st.lists(_WORD, min_size=1, max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_TEXT, min_size=1, max_size=4), indent=st.integers(0, 3))
def test_any_text_in_any_position_keeps_its_value(texts: list[str], indent: int) -> None:
    """Spec text lands in docstrings, comments, keyword arguments, dict values and list items
    at any depth: after the pass every value is the same, the code is formatter-stable, and
    no line holding prose or a cuttable string is over the limit."""
    pad = "    " * (indent + 1)
    lines = ["def f(**k: object) -> object:", "    if k:" if indent else ""]
    for number, text in enumerate(texts):
        literal = repr(text)
        lines.append(f"{pad}# {text}")
        lines.append(f"{pad}x{number} = f(summary={literal}, other=[{literal}], "
                     f"d={{'k': {literal}}})")
    lines.append(f"{pad}return None")
    source = "\n".join(line for line in lines if line) + "\n"
    try:
        ast.parse(source)
    except SyntaxError:
        return
    out = format_source(source, formatter="black")
    assert _strings(out) == _strings(source)
    assert format_source(out, formatter="black") == out
    for line in _long_lines(out):
        words = line.split()
        # Only a single word longer than the room may stay: no space left to cut at.
        assert len(words) <= 2 or not _cuttable(line), line


def _cuttable(line: str) -> bool:
    try:
        tokens = list(tokenize.generate_tokens(iter([line.strip() + "\n"]).__next__))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return True
    return any(tok.type in (tokenize.COMMENT, tokenize.STRING) and " " in tok.string.strip()
               for tok in tokens)


def test_a_word_longer_than_the_room_is_a_piece_without_its_space() -> None:
    """PayPal's descriptions: a URL followed by more words. The URL's piece holds no space, so
    the lint rule for generated code (tests/lint.py) sees a line nothing could break."""
    url = "https://developer.example.com/docs/api/orders/v2/#definition-card_stored_credential"
    text = f'see <a href=\\"{url}\\">Stored Credential</a> for more'
    source = f'x = f(\n    description="{text}",\n)\n'
    out = wrap.wrap_strings(source)
    assert f'        "href=\\"{url}\\">Stored"\n        " Credential</a> for more"\n' in out
    assert not any(" " in line.strip().strip('"') for line in out.splitlines()
                   if len(line) > 88)


def test_wide_characters_count_two_columns_as_ruff_counts_them() -> None:
    """A path of emoji in a docstring: 83 characters but 89 columns (ruff's E501 count), found
    by the hostile-names property test."""
    line = ("        `GET /path0/{🚀éZ}/{all}/{Z-Z🚀Zé}/{ß_}/{any}/{and}/{ca-fe_}/"
            "{model_fields_set}`.")
    assert len(line) < 88 < wrap.width(line)
    source = f'def f() -> None:\n    """Doc.\n\n{line}\n    """\n'
    out = wrap_prose(source)
    assert out != source and all(wrap.width(text) <= 88 for text in out.splitlines())
    assert wrap.width("e\u0301") == 1 and wrap.width("模型") == 4


def test_a_docstring_paragraph_is_refilled_not_left_with_stranded_words() -> None:
    """A template's item text, indented under `Args:`, broken by the pass: the words broken
    off start the next line of the same item instead of standing alone on a line; a finished
    sentence, a new item, a bullet and the closing quotes stop the refill."""
    item = ("            body: The whole request body as a model. Sent form-encoded: a pair per"
            " field, an array's key repeated")
    source = (
        "def f() -> None:\n"
        '    """Title.\n\n'
        "        Args:\n"
        f"{item}\n"
        "                per item (unless the spec joins the items).\n"
        f"{item}.\n"
        "                Next sentence.\n"
        f"{item}\n"
        "            timeout: Seconds.\n"
        f"{item}\n"
        '        """\n')
    out = wrap_prose(source)
    assert not _long_lines(out)
    assert _docstrings(out) == _docstrings(source)
    assert out.splitlines()[4:7] == [
        "            body: The whole request body as a model. Sent form-encoded: a pair per",
        "                field, an array's key repeated per item (unless the spec joins the",
        "                items).",
    ]
    assert "an array's key repeated.\n                Next sentence.\n" in out
    assert "an array's key repeated\n            timeout: Seconds.\n" in out
    assert out.endswith("an array's key repeated\n        \"\"\"\n")
    assert wrap_prose(out) == out
