"""Golden records: generated/ and tests/golden/<case>/expected/ are exactly what apigen makes."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from golden_shared import HOME, is_shared, package_dir

from generator.config import Target, load_targets, project_naming
from generator.pipeline import generate_target

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
REFRESH = {
    "generated": "apigen generate",
    "cases": "python tests/golden/refresh.py",
}


def _compare(files: dict[str, bytes], folder: Path, *, refresh: str,
             shared: bool = False) -> None:
    """`files` against `folder`, byte for byte. With `shared`, a file the folder lacks may be
    the home case's copy instead (identical below the header line: the runtime files)."""
    on_disk = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
    problems: list[str] = []
    for name in sorted(set(files) | set(on_disk)):
        new, old = files.get(name), on_disk.get(name)
        if new == old:
            continue
        if shared and old is None and new is not None and is_shared(name, new):
            continue
        problems.extend(difflib.unified_diff(
            (old or b"").decode().splitlines(keepends=True),
            (new or b"").decode().splitlines(keepends=True),
            fromfile=f"committed/{name}", tofile=f"generated/{name}",
        ))
    if problems:
        pytest.fail(f"golden files differ from the generator's output; refresh with "
                    f"`{refresh}` and review:\n" + "".join(problems[:400]), pytrace=False)


@pytest.mark.parametrize("target", load_targets(ROOT), ids=lambda t: t.package)
def test_generated_folder_is_up_to_date(target: Target) -> None:
    result = generate_target(target, root=ROOT)
    _compare(result.package.with_manifest(), target.directory, refresh=REFRESH["generated"])


CASES = sorted(p for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file())


def case_target(case: Path) -> Target:
    """A case folder's target: its `spec.yaml`, plus its `templates/` folder and `filters.py`
    module when it has them (what `refresh.py` passes to the CLI), and the method naming of
    its `pyproject.toml` when it has one (which the CLI, run in the case folder, reads)."""
    templates = case / "templates"
    return Target(spec=case / "spec.yaml", package=case.name, output=case / "expected",
                  templates=templates if templates.is_dir() else None,
                  filters="filters.py" if (case / "filters.py").is_file() else None,
                  **project_naming(case))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden_case(case: Path) -> None:
    result = generate_target(case_target(case), root=case)
    _compare(result.package.with_manifest(), case / "expected" / case.name,
             refresh=REFRESH["cases"], shared=True)


def test_runtime_files_are_kept_in_the_home_case_only() -> None:
    """Each shared file is committed once; a copy left in another case is one too many."""
    home = package_dir(HOME)
    shared = {p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file()}
    for case in CASES:
        if case.name == HOME:
            continue
        root = package_dir(case.name)
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            assert not (name in shared and is_shared(name, path.read_bytes())), (
                f"{case.name}/{name} is the {HOME} copy: run `{REFRESH['cases']}`")


# The runtime files: the same text for every API (DESIGN.md), so no case but the home one
# commits them. A case whose templates replace one of them would be the exception.
RUNTIME_FILES = ("_base.py", "_enums.py", "_exceptions.py", "_pagination.py", "py.typed",
                 "server/_runtime.py")


@pytest.mark.parametrize("case", [c for c in CASES if c.name != HOME], ids=lambda p: p.name)
def test_runtime_files_are_the_same_for_every_api(case: Path) -> None:
    """The runtime files do not depend on the spec: every case (whatever its title, package,
    base URL, security schemes) generates them exactly like the home case, so its committed
    folder holds none of them; its manifest still lists each."""
    root = package_dir(case.name)
    overridden = {name for name in RUNTIME_FILES
                  if (case / "templates" / f"{name}.jinja").is_file()}
    for name in RUNTIME_FILES:
        if name not in overridden:
            assert not (root / name).exists(), (
                f"{case.name}/{name} differs from the {HOME} copy: it depends on the API")
    manifest = (root / ".apigen-manifest.json").read_text(encoding="utf-8")
    assert all(f'"{name}"' in manifest for name in RUNTIME_FILES)
