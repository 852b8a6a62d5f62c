"""A document split into many files at random generates what the single file generates.

The family: the seed specs, the golden cases' specs and hypothesis-built documents, each
written as random multi-file layouts (`split_layout.py`: sections, components, path items and
operations in files of their own, nested folders, `../` references, references through the
entry document), read from another working folder. Bundling must give the very document the
single file gives (key order included: it is the served `openapi.json`), so everything
generated from it is the same; one case is carried through to the whole package.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spec_strategy import specs
from split_layout import write_split

from generator.config import Target
from generator.output.emit import HEADER_LINES
from generator.pipeline import generate_target
from generator.spec.document import read_document
from generator.spec.load import load_spec
from generator.spec.walk import iter_ref_holders

ROOT = Path(__file__).resolve().parents[2]


def _single_file_specs() -> list[Path]:
    """Seed and golden specs that are one file (the same text once)."""
    found: dict[str, Path] = {}
    for path in sorted([*ROOT.glob("specs/*.yaml"), *ROOT.glob("tests/golden/*/spec.yaml")]):
        data = read_document(path, display=path.name).data
        external = any(isinstance(h["$ref"], str) and not h["$ref"].startswith("#")
                       for h, _ in iter_ref_holders(data, ""))
        if not external:
            found.setdefault(path.read_text(encoding="utf-8"), path)
    return sorted(found.values())


def _bundled(path: Path) -> str:
    return json.dumps(load_spec(path).data)


@pytest.mark.parametrize("source", _single_file_specs(),
                         ids=lambda p: p.parent.name if p.name == "spec.yaml" else p.stem)
def test_split_seed_and_golden_specs_bundle_to_the_single_document(
        source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    single = _bundled(source)
    data = read_document(source, display=source.name).data
    monkeypatch.chdir(tmp_path)  # never the spec's folder
    for seed in range(8):
        entry = write_split(data, tmp_path / f"layout{seed}", seed)
        assert _bundled(entry) == single, f"layout {seed} under {tmp_path}"


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=specs(), seed=st.integers(0, 2**32))
def test_split_random_documents_bundle_to_the_single_document(
        spec: dict[str, Any], seed: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("split")
    single = folder / "single.json"
    single.write_text(json.dumps(spec), encoding="utf-8")
    entry = write_split(spec, folder / "layout", seed)
    assert _bundled(entry) == _bundled(single)


def _package(spec: Path, output: Path) -> dict[str, str]:
    """The generated files, without the header lines that name the spec and its hash."""
    target = Target(spec=spec, package="pkg", output=output, formatter="ruff")
    result = generate_target(target, root=spec.parent)
    files = {}
    for name, content in result.package.files.items():
        text = content.decode("utf-8")
        files[name] = (text.split("\n", HEADER_LINES)[-1] if text.startswith("# Code generated")
                       else text)
    return files


def test_a_split_layout_generates_the_same_package(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    source = ROOT / "tests" / "golden" / "feature_responses" / "spec.yaml"
    data = read_document(source, display=source.name).data
    monkeypatch.chdir(tmp_path)
    entry = write_split(data, tmp_path / "layout", seed=6)  # 14 files, 3 folders deep
    assert len(list((tmp_path / "layout").rglob("*.yaml"))) > 10
    single = tmp_path / "single" / entry.name  # the same name: the package names its source
    single.parent.mkdir()
    single.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert _package(entry, tmp_path / "split") == _package(single, tmp_path / "single")
