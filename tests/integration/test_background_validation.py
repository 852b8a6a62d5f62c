"""Large specs are validated in a forked child while generation goes on: same diagnostics,
same exit codes as validating inline."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.cli import main

LOOSE = (
    "openapi: 3.1.0\ninfo: {title: Loose, version: '1'}\npaths:\n  /x:\n    get:\n"
    "      operationId: getX\n      responses:\n        '200':\n          description: ok\n"
    "      unknownKeyword: true\n"
)


@pytest.mark.parametrize("threshold", [0, 10**9], ids=["forked", "inline"])
def test_same_diagnostics_either_way(
    threshold: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(pipeline, "_BACKGROUND_MIN_CHARS", threshold)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loose.yaml").write_text(LOOSE)
    assert main(["generate", "loose.yaml", "--output", "out"]) == 0
    assert "loose.yaml:6: warning: invalid OpenAPI: Unevaluated properties" in \
        capsys.readouterr().err
    assert main(["generate", "loose.yaml", "--output", "strict", "--strict"]) == 2
    assert ": error: invalid OpenAPI:" in capsys.readouterr().err
    assert not (tmp_path / "strict").exists()
    (tmp_path / "broken.yaml").write_text(LOOSE.replace("'200'", "'abc'"))
    assert main(["generate", "broken.yaml", "--output", "out2"]) == 2
    err = capsys.readouterr().err
    assert "warning: invalid OpenAPI" in err and "response status 'abc'" in err
