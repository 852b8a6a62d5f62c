"""generator.cache: the user cache folder and the fingerprint of apigen's own code.

Modules live in stage folders, so every key that depends on apigen's code must read them all:
touching a module in any subfolder changes the models cache key and the run fingerprint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator
from generator import cache
from generator.config import Target
from generator.models.library_cache import index_key
from generator.output import runcache


@pytest.fixture()
def package_copies(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the package; the second has one module of a stage folder touched."""
    same, touched = tmp_path / "same" / "generator", tmp_path / "touched" / "generator"
    for copy in (same, touched):
        shutil.copytree(cache.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    nodes = touched / "ir" / "nodes.py"
    nodes.write_text(nodes.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
    return same, touched


def test_source_files_are_every_module_of_every_stage() -> None:
    root = Path(generator.__file__).resolve().parent
    assert root == cache.PACKAGE_DIR
    names = {path.relative_to(root).as_posix() for path in cache.source_files()}
    assert {"cli.py", "cache.py", "ir/nodes.py", "spec/load.py", "output/runcache.py"} <= names
    assert names == {path.relative_to(root).as_posix() for path in root.rglob("*.py")
                     if "__pycache__" not in path.parts}


def test_touching_a_subfolder_module_changes_the_source_fingerprint(
        package_copies: tuple[Path, Path]) -> None:
    same, touched = package_copies
    assert cache.source_fingerprint(same) == cache.source_fingerprint(cache.PACKAGE_DIR)
    assert cache.source_fingerprint(touched) != cache.source_fingerprint(same)


def test_touching_a_subfolder_module_changes_the_models_cache_key(
        package_copies: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    same, touched = package_copies
    monkeypatch.setattr(cache, "PACKAGE_DIR", same)
    before = index_key("schemas", "class Pet: ...")
    monkeypatch.setattr(cache, "PACKAGE_DIR", touched)
    assert index_key("schemas", "class Pet: ...") != before


def test_touching_a_subfolder_module_changes_the_run_fingerprint(
        package_copies: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text("openapi: 3.1.0\n", encoding="utf-8")
    target = Target(spec=spec, package="api", output=tmp_path / "out")
    same, touched = package_copies

    def run_fingerprint() -> str:
        return runcache.fingerprint(target, documents=[str(spec)], root=tmp_path, strict=False)

    monkeypatch.setattr(cache, "PACKAGE_DIR", same)
    before = run_fingerprint()
    monkeypatch.setattr(cache, "PACKAGE_DIR", touched)
    assert run_fingerprint() != before


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    assert cache.cache_dir() == tmp_path
    monkeypatch.setenv("APIGEN_CACHE_DIR", "")
    assert cache.cache_dir() is None
    monkeypatch.delenv("APIGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "apigen"


def test_write_cache_file_is_atomic_and_forgiving(tmp_path: Path) -> None:
    entry = tmp_path / "a" / "b" / "entry"
    cache.write_cache_file(entry, "text")
    assert entry.read_text() == "text"
    assert [p.name for p in entry.parent.iterdir()] == ["entry"]  # no temp file left behind
    blocked = tmp_path / "file"
    blocked.write_text("")
    cache.write_cache_file(blocked / "child", b"x")  # cannot be written: only costs speed
    cache.write_cache_file(None, "ignored")
