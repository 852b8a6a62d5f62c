from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.output.emit import MANIFEST, Package, diff_package, write_package


def _package(**files: str) -> Package:
    return Package({k.replace("__", "/"): v.encode() for k, v in files.items()},
                   {"apigen_version": "test"})


def test_write_then_rewrite_keeps_user_files_and_drops_stale_ones(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    assert sorted(write_package(_package(a="1", b="2"), out)) == [MANIFEST, "a", "b"]
    (out / "mine.txt").write_text("hand-written")
    changed = write_package(_package(a="1", c="3"), out)
    assert sorted(changed) == [MANIFEST, "b", "c"]
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "a", "c", "mine.txt"]
    assert (out / "mine.txt").read_text() == "hand-written"
    manifest = json.loads((out / MANIFEST).read_text())
    assert sorted(manifest["files"]) == ["a", "c"]


def test_unchanged_output_is_not_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    write_package(_package(a="1"), out)
    stamp = (out / "a").stat().st_mtime_ns
    assert write_package(_package(a="1"), out) == []
    assert (out / "a").stat().st_mtime_ns == stamp


def test_diff_names_changed_added_and_removed_files(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    write_package(_package(a="1\n", b="2\n"), out)
    assert diff_package(_package(a="1\n", b="2\n"), out, label="pkg") == []
    diff = "".join(diff_package(_package(a="one\n", sub__c="3\n"), out, label="pkg"))
    assert "--- a/pkg/a" in diff and "-1" in diff and "+one" in diff
    assert "+++ b/pkg/sub/c" in diff
    assert "--- a/pkg/b" in diff and "+++ /dev/null" in diff


def test_new_folder_gets_normal_permissions(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    write_package(_package(a="1"), out)
    assert out.stat().st_mode & 0o055 == 0o055 or out.stat().st_mode & 0o005 == 0


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_write_failing_mid_run_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "pkg"
    write_package(_package(a="1", b="2", c="3"), out)
    (out / "mine.txt").write_text("hand-written")
    before = _snapshot(out)
    real = Path.write_bytes
    calls = {"n": 0}

    def failing(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OSError, match="disk full"):
        write_package(_package(a="10", b="20", c="30", d="40"), out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]  # no staging folder left
