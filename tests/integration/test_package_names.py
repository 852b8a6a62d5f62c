"""A package name must import and must not shadow a module: keywords, standard-library modules
and the generated code's runtime dependencies are refused (chosen names) or avoided with a
warning (names derived from a spec's file name)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator import naming
from generator.cli import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
SPEC = """\
openapi: 3.1.0
info: {title: Tiny, version: '1'}
paths:
  /ping:
    get:
      operationId: ping
      responses:
        '204': {description: pong}
"""


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "tiny.yaml").write_text(SPEC)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("name", "reason", "suggestion"), [
    ("class", "is a Python keyword", "class_"),
    ("typing", "is a standard-library module", "typing_api"),
    ("json", "is a standard-library module", "json_api"),
    ("os", "is a standard-library module", "os_api"),
    ("platform", "is a standard-library module", "platform_api"),
    ("pydantic", "is a module the generated code needs at run time", "pydantic_api"),
    ("httpx", "is a module the generated code needs at run time", "httpx_api"),
    ("multipart", "is a module the generated code needs at run time", "multipart_api"),
    ("Pets-API", "is not a lower-case Python identifier", "pets_api"),
])
def test_chosen_package_name_is_refused_with_a_suggestion(
    work: Path, capsys: pytest.CaptureFixture[str], name: str, reason: str, suggestion: str
) -> None:
    assert main(["generate", "tiny.yaml", "--output", "out", "--package", name]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"command line: error: package name {name!r} {reason}")
    assert lines[0].endswith(f"; try {suggestion!r}")
    assert not (work / "out").exists()


def test_configured_package_name_is_refused_naming_the_entry(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "pyproject.toml").write_text(
        '[tool.apigen]\n[[tool.apigen.targets]]\nspec = "tiny.yaml"\npackage = "tiny"\n'
        '[[tool.apigen.targets]]\nspec = "tiny.yaml"\npackage = "typing"\noutput = "vendor"\n')
    assert main(["generate"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["pyproject.toml [tool.apigen] targets[1]: error: package name 'typing' is a "
                     "standard-library module, which the package would shadow; try 'typing_api'"]
    assert not (work / "generated").exists() and not (work / "vendor").exists()


@pytest.mark.parametrize(("stem", "package", "reason"), [
    ("typing", "typing_api", "is a standard-library module"),
    ("class", "class_", "is a Python keyword"),
    ("fastapi", "fastapi_api", "is a module the generated code needs at run time"),
])
def test_name_from_the_spec_file_avoids_shadowing_with_a_warning(
    work: Path, capsys: pytest.CaptureFixture[str], stem: str, package: str, reason: str
) -> None:
    (work / f"{stem}.yaml").write_text(SPEC)
    assert main(["generate", f"{stem}.yaml", "--output", "out"]) == 0
    assert sorted(p.name for p in (work / "out").iterdir()) == [package]
    err = capsys.readouterr().err
    assert (f"{stem}.yaml: warning: no package name given and {stem!r} {reason}"
            in err), err
    assert f"using {package!r}" in err


def test_default_specs_folder_applies_the_same_rule(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "specs").mkdir()
    (work / "specs" / "json.yaml").write_text(SPEC)
    assert main(["generate"]) == 0
    assert [p.name for p in (work / "generated").iterdir()] == ["json_api"]
    assert "specs/json.yaml: warning: no package name given and 'json'" in capsys.readouterr().err


def test_an_ordinary_name_gets_no_warning(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "tiny.yaml", "--output", "out"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert (work / "out" / "tiny" / "__init__.py").is_file()


def test_runtime_import_names_cover_the_installed_dependency_closure() -> None:
    """The fixed list (the same on every machine) holds every top-level import name of the
    runtime extra's distributions and their requirements, as installed here."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = pyproject["project"]["optional-dependencies"]["runtime"]
    declared = {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower() for r in runtime}
    assert declared == set(naming.RUNTIME_DISTRIBUTIONS)
    installed = naming.installed_import_names(naming.RUNTIME_DISTRIBUTIONS)
    assert {"pydantic", "pydantic_core", "httpx", "httpcore", "fastapi", "starlette", "uvicorn",
            "email_validator", "python_multipart", "anyio", "typing_extensions",
            "annotated_types"} <= installed
    missing = installed - naming.RUNTIME_IMPORT_NAMES
    assert not missing, f"add {sorted(missing)} to generator.naming.RUNTIME_IMPORT_NAMES"
