"""Install apigen the way users do (no `-e`), offline, into a fresh venv of its own.

The fresh venv sees this environment's site-packages through a `.pth` line, so the runtime
dependencies need no download; a `.pth` line only adds a folder to `sys.path`, so the editable
install's own `.pth` finder there is never run and cannot shadow the installed copy (`installed`
checks which copy imports). pip runs with `--no-index --no-deps --no-build-isolation`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What a clone holds that the build reads (pyproject.toml, setup.py, the sources, the
# templates, the readme and licence the metadata names).
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "generator", "templates")
PIP = ("-m", "pip", "--disable-pip-version-check", "--no-input", "-q")
OFFLINE = ("--no-index", "--no-deps", "--no-build-isolation")


def run(argv: list[str], *, cwd: Path, env: dict[str, str] | None = None,
        check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {done.returncode}\n--- stdout\n"
                             f"{done.stdout}\n--- stderr\n{done.stderr}")
    return done


def source_tree(dest: Path) -> Path:
    """A copy of the files a build reads (so builds never write into the checkout)."""
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for name in BUILD_INPUTS:
        source = ROOT / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore)
        else:
            shutil.copy2(source, dest / name)
    return dest


def build_wheel(source: Path, dist: Path) -> Path:
    run([sys.executable, *PIP, "wheel", *OFFLINE, "--wheel-dir", str(dist), str(source)],
        cwd=source)
    (wheel,) = dist.glob("apigen-*.whl")
    return wheel


def build_sdist(source: Path, dist: Path) -> Path:
    """The sdist, by setuptools' PEP 517 hook (what `python -m build --sdist` calls)."""
    dist.mkdir(parents=True, exist_ok=True)
    code = "import sys; from setuptools import build_meta; build_meta.build_sdist(sys.argv[1])"
    run([sys.executable, "-c", code, str(dist)], cwd=source)
    (sdist,) = dist.glob("apigen-*.tar.gz")
    return sdist


@dataclass(frozen=True)
class Venv:
    path: Path

    @property
    def bin(self) -> Path:
        return self.path / ("Scripts" if os.name == "nt" else "bin")

    @property
    def python(self) -> Path:
        return self.bin / ("python.exe" if os.name == "nt" else "python")

    @property
    def site_packages(self) -> Path:
        out = run([str(self.python), "-c",
                   "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                  cwd=self.path, env=self.env())
        return Path(out.stdout.strip())

    def env(self) -> dict[str, str]:
        """The environment a hook or a user's shell has with this venv active."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
        env["PATH"] = os.pathsep.join([str(self.bin), env.get("PATH", "")])
        env["VIRTUAL_ENV"] = str(self.path)
        return env

    def install(self, target: Path) -> None:
        """`pip install TARGET` (a wheel, an sdist or a source folder), never editable."""
        run([str(self.python), *PIP, "install", *OFFLINE, "--ignore-installed", str(target)],
            cwd=self.path, env=self.env())

    def installed_copy(self, cwd: Path) -> tuple[Path, Path]:
        """Where `generator` and its built-in templates are imported from in this venv."""
        code = ("import generator, generator.render.environment as r; print(generator.__file__); "
                "print(r.builtin_template_dir())")
        out = run([str(self.python), "-c", code], cwd=cwd, env=self.env()).stdout.split("\n")
        return Path(out[0]), Path(out[1])


def fresh_venv(path: Path) -> Venv:
    """A new venv without pip that imports this environment's packages after its own."""
    run([sys.executable, "-m", "venv", "--without-pip", str(path)], cwd=path.parent)
    venv = Venv(path)
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (venv.site_packages / "_apigen_test_deps.pth").write_text("\n".join(ours) + "\n",
                                                              encoding="utf-8")
    return venv


# Tool caches other tests leave in `generated/` (mypy run there; .gitignore'd).
CACHES = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (tool caches aside) by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not set(CACHES) & set(p.relative_to(folder).parts)}
