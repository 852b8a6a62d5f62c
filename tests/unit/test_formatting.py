"""Chunked, cached, parallel formatting must give exactly what black gives on the whole file."""

from __future__ import annotations

from pathlib import Path

import black
import pytest

from generator import formatting
from generator.formatting import format_files, format_source, join_chunks, split_chunks

ROOT = Path(__file__).resolve().parents[2]
MODE = black.Mode(target_versions={black.mode.TargetVersion.PY310})


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formatting, "_CHUNK_TARGET_CHARS", 800)
    monkeypatch.setattr(formatting, "_PARALLEL_MIN_CHARS", 0)


@pytest.mark.parametrize("name", ["scope3_ai/_client.py", "scope3_ai/models.py",
                                  "sgp/models.py", "scope3_ai/_base.py", "sgp/_exceptions.py"])
def test_chunked_equals_whole_file_black(name: str, small_chunks: None) -> None:
    source = (ROOT / "generated" / name).read_text(encoding="utf-8")
    messy = source.replace("\n\n\n", "\n\n").replace(",\n", ", \n").replace("(\n", "(  \n")
    chunks = split_chunks(messy)
    assert len(chunks) >= 2, "the test needs several chunks"
    assert "".join(chunks) == messy
    joined = join_chunks(format_source(c, formatter="black") for c in chunks)
    assert joined == black.format_str(messy, mode=MODE)


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
