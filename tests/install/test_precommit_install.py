"""Both hooks of `.pre-commit-hooks.yaml` from an environment made the way pre-commit makes one
for a `language: python` hook: `pip install .` of this repository into a venv of its own, then
the hook's `entry` run at the root of the user's git repository, with that venv's `bin` first on
PATH. (Offline: the same steps pre-commit takes, without its download of a fresh virtualenv.)"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from install_support import CACHES, ROOT, Venv, fresh_venv, run, source_tree, tree

pytestmark = pytest.mark.slow


def _hooks() -> dict[str, list[str]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["language"] for h in hooks} == {"python"}
    return {h["id"]: shlex.split(h["entry"]) for h in hooks}


def _git(repo: Path, *args: str) -> str:
    return run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
               cwd=repo).stdout


@pytest.fixture()
def hook_env(tmp_path: Path) -> Venv:
    venv = fresh_venv(tmp_path / "hook-env")
    venv.install(source_tree(tmp_path / "clone"))  # pre-commit: `pip install .` of its clone
    module, _ = venv.installed_copy(tmp_path)
    assert module.is_relative_to(venv.site_packages), module
    return venv


@pytest.fixture()
def user_repo(tmp_path: Path) -> Path:
    """A git repository holding specs, their [tool.apigen] config and the committed output."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "specs", repo / "specs")
    shutil.copytree(ROOT / "generated", repo / "generated",
                    ignore=shutil.ignore_patterns(*CACHES))
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "vendored API packages")
    return repo


def _hook(entry: list[str], repo: Path, venv: Venv) -> tuple[int, str]:
    done = run(entry, cwd=repo, env=venv.env(), check=False)
    return done.returncode, done.stdout + done.stderr


def test_hooks_from_a_pip_installed_environment(hook_env: Venv, user_repo: Path) -> None:
    hooks = _hooks()
    check, generate = hooks["apigen-check"], hooks["apigen-generate"]
    committed = tree(user_repo / "generated")

    code, output = _hook(check, user_repo, hook_env)
    assert code == 0, output  # an up-to-date tree passes
    assert _git(user_repo, "status", "--porcelain") == ""

    spec = user_repo / "specs" / "sgp.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "title: Scale GenAI Platform API", "title: Scale GenAI Platform API v2"), encoding="utf-8")
    code, output = _hook(check, user_repo, hook_env)
    assert code == 1, output  # drift fails, and says where
    assert "generated/sgp/_client.py" in output and "Platform API v2" in output
    assert _git(user_repo, "status", "--porcelain").split() == ["M", "specs/sgp.yaml"]

    code, output = _hook(generate, user_repo, hook_env)
    assert code == 0, output
    regenerated = tree(user_repo / "generated")
    assert sorted(regenerated) == sorted(committed)  # client and server kept, nothing lost
    changed = sorted(name for name in committed if regenerated[name] != committed[name])
    assert "sgp/_client.py" in changed and "sgp/server/app.py" in changed
    assert all(name.startswith("sgp/") for name in changed)
    assert b"Platform API v2" in regenerated["sgp/_client.py"]

    code, output = _hook(check, user_repo, hook_env)
    assert code == 0, output
