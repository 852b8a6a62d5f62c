"""Chunked, cached, parallel formatting must give exactly what black gives on the whole file."""

from __future__ import annotations

from pathlib import Path

import black
import pytest

from generator.output import formatting
from generator.output.formatting import (
    format_files,
    format_piece,
    format_source,
    join_body,
    join_chunks,
    split_body,
    split_chunks,
)

ROOT = Path(__file__).resolve().parents[3]
MODE = black.Mode(target_versions={black.mode.TargetVersion.PY310})


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formatting, "_CHUNK_TARGET_CHARS", 800)
    monkeypatch.setattr(formatting, "_PARALLEL_MIN_CHARS", 0)


GENERATED = ["scope3_ai/_client.py", "scope3_ai/models.py", "sgp/models.py",
             "scope3_ai/_base.py", "sgp/_exceptions.py", "sgp/server/routes.py",
             "sgp/server/mock.py", "sgp/_client.py"]


def _messy(source: str) -> str:
    """Generated code as a template might print it: what black must normalise."""
    return source.replace(",\n", ", \n").replace("(\n", "(  \n").replace(" = ", "  =  ")


@pytest.mark.parametrize("name", GENERATED)
def test_chunked_equals_whole_file_black(name: str, small_chunks: None) -> None:
    source = (ROOT / "generated" / name).read_text(encoding="utf-8")
    messy = _messy(source)
    chunks = split_chunks(messy)
    assert "".join(chunks) == messy
    pieces = [split_body(chunk) for chunk in chunks]
    assert ["".join(p) for p in pieces] == chunks
    assert len(chunks) >= 2 or len(pieces[0]) >= 2, "the test needs several pieces"
    joined = join_chunks(
        join_body([format_piece(p, wrapped=i > 0, formatter="black") for i, p in enumerate(ps)])
        for ps in pieces)
    # (The messy text is not always the same program: a string may gain a trailing space.)
    assert joined == black.format_str(messy, mode=MODE)
    assert format_files({name: messy}, cache=None, workers=1) == {name: joined}


def test_pool_and_cache_give_identical_output(tmp_path: Path, small_chunks: None) -> None:
    files = {name: (ROOT / "generated" / "scope3_ai" / name).read_text()
             for name in ("_client.py", "models.py", "_base.py")}
    expected = {name: black.format_str(text, mode=MODE) for name, text in files.items()}
    cold = format_files(files, cache=tmp_path, workers=2)
    assert cold == expected
    warm = format_files(files, cache=tmp_path, workers=2)
    assert warm == expected
    assert any((tmp_path / "format").rglob("*"))


def test_cache_hit_skips_the_formatter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"a.py": "x  =  1\n"}
    assert format_files(files, cache=tmp_path) == {"a.py": "x = 1\n"}

    def boom(*_: object, **__: object) -> str:
        raise AssertionError("formatter called despite a cache hit")

    monkeypatch.setattr(formatting, "format_source", boom)
    assert format_files(files, cache=tmp_path) == {"a.py": "x = 1\n"}


def test_ruff_formatter_formats(tmp_path: Path) -> None:
    assert format_files({"a.py": "x  =  {'a':1}\n"}, formatter="ruff",
                        cache=None) == {"a.py": 'x = {"a": 1}\n'}


def test_invalid_python_names_the_file() -> None:
    from generator.diagnostics import GenerationError

    with pytest.raises(GenerationError, match="not valid Python") as caught:
        format_files({"good.py": "x = 1\n", "bad.py": "def (:\n"}, cache=None)
    assert caught.value.diagnostics[0].file == "bad.py"


def test_chunks_are_cut_at_real_lines_despite_unicode_separators(small_chunks: None) -> None:
    body = "".join(f"\n\nclass C{i}:\n    X = 'a\u2028b\x0cc'\n    Y = {i}\n" for i in range(400))
    source = "import os\n" + body
    chunks = split_chunks(source)
    assert len(chunks) > 2 and "".join(chunks) == source
    for chunk in chunks[1:]:
        assert chunk.lstrip("\n").startswith("class C")
    assert join_chunks(format_source(c, formatter="black") for c in chunks) == \
        black.format_str(source, mode=MODE)


def test_a_cut_inside_a_string_is_redone_exactly(small_chunks: None, tmp_path: Path) -> None:
    """Lines inside a docstring may look like class statements to the fast line split; the
    result must still be black's output for the whole module."""
    trap = '    """Doc.\n\nclass NotAClass:\n    pass\n"""\n'
    body = "".join(f"\n\nclass C{i}:\n{trap if i % 7 == 3 else ''}    Y  =  {i}\n"
                   for i in range(300))
    source = "import os\n" + body
    assert any(chunk.startswith("class NotAClass") for chunk in split_chunks(source))
    exact = split_chunks(source, exact=True)
    assert not any(chunk.startswith("class NotAClass") for chunk in exact)
    expected = black.format_str(source, mode=MODE)
    assert format_files({"m.py": source}, cache=tmp_path, workers=2) == {"m.py": expected}
    assert format_files({"m.py": source}, cache=tmp_path, workers=1) == {"m.py": expected}
    assert format_files({"m.py": source}, cache=None, workers=1) == {"m.py": expected}


def test_body_cut_inside_a_string_is_redone_exactly(small_chunks: None, tmp_path: Path) -> None:
    """One big class whose docstrings hold lines that look like its methods (the methods
    themselves sit under a comment, so the lines in the docstrings are the only cut places)."""
    trap = '        """Doc.\n\n    def not_a_method(self):\n        pass\n        """\n'
    methods = "".join(f"\n    # m{i}\n    def m{i}(self)  ->  int:\n{trap if i % 2 else ''}"
                      f"        return  {i}\n" for i in range(200))
    source = "import os\n\n\nclass Big:\n    X = 1\n" + methods
    assert any(piece.startswith("    def not_a_method") for piece in split_body(source))
    expected = black.format_str(source, mode=MODE)
    assert format_files({"m.py": source}, cache=tmp_path, workers=2) == {"m.py": expected}
    assert format_files({"m.py": source}, cache=tmp_path, workers=2) == {"m.py": expected}
    assert format_files({"m.py": source}, cache=None, workers=1) == {"m.py": expected}
