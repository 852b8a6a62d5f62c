"""The wheel and the sdist, each installed into a fresh venv without `-e`, generate the seed
packages byte for byte as `generated/` holds them and list the built-in templates; an install
whose templates are gone refuses to generate instead of writing a models-only package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from install_support import ROOT, Venv, build_sdist, build_wheel, fresh_venv, run, source_tree, tree

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("dist")
    source = source_tree(base / "src")
    return {"wheel": build_wheel(source, base / "dist"),
            "sdist": build_sdist(source, base / "dist")}


def _installed(kind: str, dist: dict[str, Path], tmp_path: Path) -> Venv:
    venv = fresh_venv(tmp_path / f"venv-{kind}")
    venv.install(dist[kind])
    module, templates = venv.installed_copy(tmp_path)
    # The copy that runs is the one just installed, not this checkout's editable install.
    assert module.is_relative_to(venv.site_packages), module
    assert templates == venv.site_packages / "generator" / "templates"
    script = venv.bin / "apigen"
    assert script.read_text(encoding="utf-8").splitlines()[0] == f"#!{venv.python}"
    return venv


def _project(tmp_path: Path) -> Path:
    """This repository's generation set-up, without its output."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "specs", project / "specs")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_installed_package_generates_the_seed_packages(kind: str, dist: dict[str, Path],
                                                       tmp_path: Path) -> None:
    venv = _installed(kind, dist, tmp_path)
    project = _project(tmp_path)
    run([str(venv.bin / "apigen"), "generate"], cwd=project, env=venv.env())
    generated = tree(project / "generated")
    assert sorted(generated) == sorted(tree(ROOT / "generated"))
    assert generated == tree(ROOT / "generated")

    listed = run([str(venv.bin / "apigen"), "templates", "list"], cwd=tmp_path, env=venv.env())
    ours = run([str(Path(shutil.which("apigen") or "apigen")), "templates", "list"],
               cwd=tmp_path)
    assert "_client.py.jinja" in listed.stdout and "server/app.py.jinja" in listed.stdout
    assert listed.stdout == ours.stdout


def test_install_without_templates_fails_loudly(dist: dict[str, Path], tmp_path: Path) -> None:
    venv = _installed("wheel", dist, tmp_path)
    shutil.rmtree(venv.site_packages / "generator" / "templates")
    project = _project(tmp_path)
    for argv in (["generate"], ["templates", "list"]):
        done = run([str(venv.bin / "apigen"), *argv], cwd=project, env=venv.env(), check=False)
        assert done.returncode == 2, done
        assert done.stdout == ""
        (line,) = done.stderr.splitlines()
        assert "built-in templates are missing" in line and "reinstall apigen" in line
    assert not (project / "generated").exists()
