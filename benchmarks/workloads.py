"""The inputs of the benchmark and what is done to them between runs.

A workload is copied into a fresh workspace for every cold run; the warm runs then edit that
copy (one schema description) and regenerate into the same output.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from synthetic_spec import synthetic_spec

ROOT = Path(__file__).resolve().parents[1]
SHARED_ENV = "APIGEN_SHARED_DIR"
EDIT_MARK = " (edited)"


def shared_dir() -> Path:
    """`shared/` beside the repository, or `$APIGEN_SHARED_DIR`."""
    override = os.environ.get(SHARED_ENV)
    return Path(override) if override else Path(__file__).resolve().parents[2] / "shared"


def stripe_spec() -> Path:
    return shared_dir() / "corpus" / "specs" / "stripe" / "spec3.json"


@dataclass(frozen=True)
class Workload:
    """One input. `project` workloads run apigen with no SPEC from a copied pyproject.toml."""

    name: str
    specs: tuple[Path, ...]
    package: str
    project: bool = False
    schemas: int | None = None


@dataclass(frozen=True)
class Workspace:
    """A private copy of a workload: its specs, its output folder, its apigen cache."""

    root: Path
    specs: tuple[Path, ...]
    output: Path
    cache: Path


def seeds() -> Workload:
    specs = tuple(sorted((ROOT / "specs").glob("*.yaml")))
    return Workload(name="seeds", specs=specs, package="", project=True)


def stripe() -> Workload:
    return Workload(name="stripe", specs=(stripe_spec(),), package="stripe_api")


def synthetic(count: int, folder: Path) -> Workload:
    path = folder / f"synthetic_{count}.json"
    path.write_text(json.dumps(synthetic_spec(count), indent=2) + "\n", encoding="utf-8")
    return Workload(name=f"synthetic-{count}", specs=(path,), package=f"synthetic_{count}",
                    schemas=count)


def prepare(workload: Workload, root: Path) -> Workspace:
    """Copy the workload's specs (and for `project` ones the repo's pyproject.toml) to `root`."""
    spec_dir = root / "specs"
    spec_dir.mkdir(parents=True)
    copies = tuple(Path(shutil.copy2(spec, spec_dir / spec.name)) for spec in workload.specs)
    if workload.project:
        shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    output = root / "generated" if workload.project else root / "out"
    return Workspace(root=root, specs=copies, output=output, cache=root / "cache")


def _parse(path: Path, text: str) -> Any:
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.safe_load(text)


def _encodings(text: str) -> list[str]:
    """How a string may appear in the file: JSON-escaped (ASCII or not) or as is (YAML)."""
    forms = [json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1], text]
    return list(dict.fromkeys(forms))


def edit_one_description(spec: Path) -> str:
    """Append EDIT_MARK to one schema's description, changing no other byte of the file.

    The first schema (by name) whose description appears exactly once in the text is edited;
    re-parsing proves that this description, and nothing else, changed. Returns its name.
    """
    raw = spec.read_text(encoding="utf-8")
    data = _parse(spec, raw)
    schemas: dict[str, Any] = data.get("components", {}).get("schemas", {})
    for name in sorted(schemas):
        schema = schemas[name]
        description = schema.get("description") if isinstance(schema, dict) else None
        if not isinstance(description, str) or not description.strip():
            continue
        schema["description"] = description + EDIT_MARK
        for form in _encodings(description):
            if raw.count(form) != 1:
                continue
            edited = raw.replace(form, form + EDIT_MARK)
            if _parse(spec, edited) == data:
                spec.write_text(edited, encoding="utf-8")
                return name
        schema["description"] = description
    raise ValueError(f"{spec}: no schema description can be edited in place")


def mtimes(folder: Path) -> dict[str, int]:
    """Every file under `folder` and its modification time in nanoseconds."""
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in sorted(folder.rglob("*")) if p.is_file()}


def changed_files(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """Files added, removed or with a new mtime."""
    return sorted(name for name in before.keys() | after.keys()
                  if before.get(name) != after.get(name))
