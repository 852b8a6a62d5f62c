"""The generators being timed: apigen (a snapshot of this checkout) and, with `--peers`, three
peers installed from PyPI into throwaway virtual environments."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from results import RUFF_VARIANT
from workloads import Workload, Workspace

Command = list[str]
INSTALL_TIMEOUT = 900
RUFF = ("--formatter", "ruff")  # the tool named RUFF_VARIANT


@dataclass(frozen=True)
class Tool:
    """How one generator is invoked on a workspace: one command per spec, or one for a project.

    `launcher` is the command's start; `env` is added to the environment; `bin_dir` goes first
    on PATH (a peer's post-processing hooks find its own ruff). A tool with `unavailable` set
    is reported with that reason instead of numbers.
    """

    name: str
    kind: str
    launcher: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    bin_dir: Path | None = None
    extra_args: tuple[str, ...] = ()
    version: str = ""
    unavailable: str | None = None
    incremental: bool = False

    def commands(self, workload: Workload, space: Workspace) -> list[Command]:
        if self.kind == "apigen":
            return [[*self.launcher, *args, *self.extra_args]
                    for args in _apigen_args(workload, space)]
        return [[*self.launcher, *_peer_args(self.kind, spec, space.output / spec.stem)]
                for spec in space.specs]


def _apigen_args(workload: Workload, space: Workspace) -> list[Command]:
    if workload.project:
        return [["generate", "-q"]]
    return [["generate", str(space.specs[0]), "--output", str(space.output),
             "--package", workload.package, "-q"]]


def _peer_args(kind: str, spec: Path, out: Path) -> Command:
    if kind == "fastapi-code-generator":
        return ["--input", str(spec), "--output", str(out)]
    if kind == "openapi-python-client":
        return ["generate", "--path", str(spec), "--output-path", str(out)]
    if kind == "openapi-generator-cli":
        return ["generate", "-i", str(spec), "-g", "python", "-o", str(out)]
    raise ValueError(kind)


SNAPSHOT = ("generator", "templates", "specs", "pyproject.toml", "benchmarks/client_overhead.py")


def snapshot_apigen(root: Path, dest: Path) -> Path:
    """Copy what apigen and client_overhead.py run from, so that edits made while the benchmark
    runs (other work in the same checkout) do not mix two versions into one run."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SNAPSHOT:
        source, target = root / name, dest / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    # Laid out as installed (generator.templates inside generator/), so that the snapshot's own
    # templates are found, not the checkout's through its editable install.
    shutil.copytree(root / "templates", dest / "generator" / "templates", ignore=ignore)
    return dest


def apigen_tools(source: Path) -> list[Tool]:
    """apigen run from `source` (a snapshot), plus `--formatter ruff` when the CLI offers it."""
    launcher = (sys.executable, "-m", "generator.cli")
    env = (("PYTHONPATH", str(source)),)
    probe = {**os.environ, **dict(env)}
    help_text = _run([*launcher, "generate", "--help"], env=probe).stdout
    version = _run([*launcher, "--version"], env=probe).stdout.strip().removeprefix("apigen ")
    tools = [Tool(name="apigen", kind="apigen", launcher=launcher, env=env, version=version,
                  incremental=True)]
    if "--formatter" in help_text:
        tools.append(Tool(name=RUFF_VARIANT, kind="apigen", launcher=launcher,
                          env=env, extra_args=RUFF, version=version,
                          incremental=True))
    return tools


@dataclass(frozen=True)
class PeerSpec:
    kind: str
    requirement: str
    distribution: str
    executable: str
    probe: tuple[str, ...]


PEERS = (
    PeerSpec("fastapi-code-generator", "fastapi-code-generator==0.8.1",
             "fastapi-code-generator", "fastapi-codegen", ("--help",)),
    PeerSpec("openapi-python-client", "openapi-python-client==0.29.1",
             "openapi-python-client", "openapi-python-client", ("--version",)),
    # The PyPI wrapper ships the Java jar; it needs a Java 11+ runtime on PATH.
    PeerSpec("openapi-generator-cli", "openapi-generator-cli>=7,<8",
             "openapi-generator-cli", "openapi-generator-cli", ("version",)),
)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def _run(command: Command, env: dict[str, str] | None = None,
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, env=env,
                          timeout=INSTALL_TIMEOUT)


def install_peer(peer: PeerSpec, venvs: Path) -> Tool:
    """A throwaway venv with the peer; `unavailable` says why when it cannot run here."""
    venv = venvs / peer.kind
    python, bin_dir = venv / "bin" / "python", venv / "bin"
    steps: list[tuple[str, Command]] = [
        ("venv", [sys.executable, "-m", "venv", str(venv)]),
        ("pip install", [str(python), "-m", "pip", "install", "-q",
                         "--disable-pip-version-check", peer.requirement]),
        ("probe", [str(bin_dir / peer.executable), *peer.probe]),
    ]
    for label, command in steps:
        try:
            result = _run(command)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return Tool(name=peer.kind, kind=peer.kind, unavailable=f"{label}: {exc}")
        if result.returncode != 0:
            reason = _last_line(result.stderr or result.stdout)
            return Tool(name=peer.kind, kind=peer.kind, unavailable=f"{label} failed: {reason}")
    version = _run([str(python), "-c", "import importlib.metadata as m; "
                    f"print(m.version({peer.distribution!r}))"]).stdout.strip()
    return Tool(name=peer.kind, kind=peer.kind, launcher=(str(bin_dir / peer.executable),),
                bin_dir=bin_dir, version=version)


def java_version() -> str:
    try:
        result = _run(["java", "-version"])
    except OSError:
        return "none"
    return (result.stderr or result.stdout).splitlines()[0] if result.returncode == 0 else "none"
