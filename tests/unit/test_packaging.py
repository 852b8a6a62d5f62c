"""setup.py finds the wheel's packages with `find_packages` (plus `generator.templates`, which
lives in the top-level `templates/`): a folder of `generator/` holding modules but no
`__init__.py` would be a namespace package that `find_packages` skips, and a wheel install would
miss its modules. (tests/install builds the wheel and the sdist and runs them.)"""

from __future__ import annotations

from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[2]


def test_every_folder_of_modules_is_a_found_package() -> None:
    with_modules = {
        ".".join(folder.relative_to(ROOT).parts)
        for folder in {p.parent for p in (ROOT / "generator").rglob("*.py")}
        if "__pycache__" not in folder.parts
    }
    found = set(find_packages(where=str(ROOT), include=["generator", "generator.*"]))
    assert with_modules <= found, f"add an __init__.py to: {sorted(with_modules - found)}"
    assert {"generator.spec", "generator.ir", "generator.output"} <= found


def test_setup_adds_the_templates_package() -> None:
    setup_py = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert '"generator.templates"' in setup_py
    assert (ROOT / "templates" / "__init__.py").is_file()
