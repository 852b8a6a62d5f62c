"""Vendoring: hand-edit protection, API change summaries, template copy/list, filters, docs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def generated_project(project: Path) -> Path:
    assert main(["generate", "-q"]) == 0
    return project


def test_hand_edited_generated_file_stops_the_run(
    generated_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models = generated_project / "generated" / "sgp" / "models.py"
    models.write_text(models.read_text() + "\n# my local fix\n")
    spec = generated_project / "specs" / "sgp.yaml"
    spec.write_text(spec.read_text().replace("Number of deployments", "Count of deployments"))
    capsys.readouterr()
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert "generated/sgp/models.py" in err and "--force" in err
    assert models.read_text().endswith("# my local fix\n")
    assert "Count of deployments" not in (generated_project / "generated/sgp/models.py").read_text()
    assert main(["generate", "--force", "-q"]) == 0
    assert "# my local fix" not in models.read_text()
    assert "Count of deployments" in models.read_text()


def test_files_outside_the_manifest_are_never_touched(generated_project: Path) -> None:
    mine = generated_project / "generated" / "sgp" / "custom_helpers.py"
    mine.write_text("VALUE = 1\n")
    spec = generated_project / "specs" / "sgp.yaml"
    spec.write_text(spec.read_text().replace("Number of deployments", "Count of deployments"))
    assert main(["generate", "-q"]) == 0
    assert mine.read_text() == "VALUE = 1\n"


def test_diff_summarises_api_changes_and_flags_breaking_ones(
    generated_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = generated_project / "specs" / "sgp.yaml"
    text = spec.read_text()
    assert "        - deployment_count\n        - supports_multi_turn\n" in text
    text = text.replace("        - supports_multi_turn\n", "")  # required -> optional
    text = text.replace("        deployment_count:\n          type: integer",
                        "        deployment_count:\n          type: string")
    spec.write_text(text)
    capsys.readouterr()
    assert main(["diff"]) == 1
    out = capsys.readouterr().out
    assert "generated/sgp: 2 API change(s), 1 breaking" in out
    assert "ModelInstance.deployment_count: type int -> str  [breaking]" in out
    assert "ModelInstance.supports_multi_turn: now optional\n" in out
    assert "generated/scope3_ai: no API changes" in out
    assert "--- a/generated/sgp/models.py" in out


def test_templates_list_shows_blocks_and_copy_starts_an_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["templates", "list"]) == 0
    listing = capsys.readouterr().out
    assert "__init__.py.jinja  blocks: " in listing and "module_docstring" in listing
    assert main(["templates", "copy", "__init__.py.jinja", "--to", "mine"]) == 0
    copied = (tmp_path / "mine" / "__init__.py.jinja").read_text()
    assert copied == (ROOT / "templates" / "__init__.py.jinja").read_text()
    assert main(["templates", "copy", "__init__.py.jinja", "--to", "mine"]) == 2
    assert main(["templates", "copy", "nope.jinja", "--to", "mine"]) == 2


def test_filters_module_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(ROOT / "specs" / "sgp.yaml", tmp_path / "sgp.yaml")
    (tmp_path / "team_filters.py").write_text(
        "def shout(value: str) -> str:\n    return str(value).upper() + '!'\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "banner.py.jinja").write_text(
        'BANNER = {{ api.title | shout | pystr }}\n')
    (tmp_path / "pyproject.toml").write_text(
        "[[tool.apigen.targets]]\nspec = 'sgp.yaml'\npackage = 'sgp'\n"
        "templates = 'templates'\nfilters = 'team_filters'\n")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "-q"]) == 0
    banner = (tmp_path / "generated" / "sgp" / "banner.py").read_text()
    assert 'BANNER = "SCALE GENAI PLATFORM API!"' in banner


def test_unknown_template_variable_fails_with_template_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ROOT / "specs" / "sgp.yaml", tmp_path / "sgp.yaml")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "extra.py.jinja").write_text("X = 1\n\nY = {{ api.no_such_field }}\n")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "sgp.yaml", "--templates", "tpl", "--output", "out"]) == 2
    err = capsys.readouterr().err
    assert "extra.py.jinja:3: error: template error:" in err
    assert "no_such_field" in err
    assert not (tmp_path / "out").exists()


def test_formatter_error_leaves_previous_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ROOT / "specs" / "sgp.yaml", tmp_path / "sgp.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "sgp.yaml", "--output", "out", "-q"]) == 0
    before = {p: p.read_bytes() for p in sorted((tmp_path / "out").rglob("*")) if p.is_file()}
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "broken.py.jinja").write_text("def oops(:\n    pass\n")
    assert main(["generate", "sgp.yaml", "--output", "out", "--templates", "tpl"]) == 2
    assert "broken.py: error: generated code is not valid Python" in capsys.readouterr().err
    after = {p: p.read_bytes() for p in sorted((tmp_path / "out").rglob("*")) if p.is_file()}
    assert after == before
