"""Every ```python block of README.md and docs/**/*.md runs, as a script of its own, against the
mock servers of the seed packages (generated fresh, served on 127.0.0.1 at a free port, reached
through the packages' base-URL and API-key variables), and passes `mypy --strict`.

A block that is deliberately not runnable (a fragment, a template) says so on the line right
before its fence, where the rendered page does not show it:

    <!-- not-run: why this block cannot run on its own -->

Such blocks are reported as skipped, one line each with the reason; keep them few.

A block showing a feature the seeds do not have runs against a golden case's package instead,
named on the line right before its fence:

    <!-- run-with: feature_pagination -->

The case's package (`tests/golden/<case>/expected/<case>/`) is importable, and its client is
pointed (`<CASE>_BASE_URL`, `<CASE>_API_KEY`) at the app that the case's optional
`doc_server.py` makes with `create_app()` (handlers that show the feature), else at its mock.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from live_server import live_server  # noqa: E402

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>[\w+-]*)\s*$")
NOT_RUN = re.compile(r"^\s*<!--\s*not-run:\s*(?P<reason>.+?)\s*-->\s*$")
RUN_WITH = re.compile(r"^\s*<!--\s*run-with:\s*(?P<case>\w+)\s*-->\s*$")
GOLDEN = ROOT / "tests" / "golden"
PYTHON = {"python", "py", "python3"}
# Blocks run against these seed packages' mock servers; the variables are the packages' own.
SEEDS = {"scope3_ai": "SCOPE3_AI", "sgp": "SGP"}
MOST_NOT_RUN = 3


@dataclass(frozen=True)
class Block:
    document: Path
    line: int
    """Line of the opening fence (1-based)."""
    source: str
    not_run: str | None
    """The reason given in a `<!-- not-run: ... -->` comment, else None."""
    case: str | None = None
    """The golden case named by a `<!-- run-with: ... -->` comment, else None (the seeds)."""

    @property
    def where(self) -> str:
        return f"{self.document.relative_to(ROOT).as_posix()}:{self.line}"

    @property
    def module(self) -> str:
        """A module name for the block's script, unique and telling where it comes from."""
        stem = re.sub(r"\W", "_", self.document.relative_to(ROOT).with_suffix("").as_posix())
        return f"{stem.lower()}_line{self.line}"


def python_blocks(document: Path) -> Iterator[Block]:
    lines = document.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        indent, start = opening["indent"], index
        index += 1
        body: list[str] = []
        while index < len(lines) and lines[index].strip() != "```":
            body.append(lines[index][len(indent):] if lines[index].startswith(indent)
                        else lines[index])
            index += 1
        index += 1  # the closing fence
        if opening["lang"] not in PYTHON:
            continue
        before = next((line for line in reversed(lines[:start]) if line.strip()), "")
        marker, case = NOT_RUN.match(before), RUN_WITH.match(before)
        yield Block(document, start + 1, "\n".join(body) + "\n",
                    marker["reason"] if marker else None, case["case"] if case else None)


BLOCKS = [block for document in DOCUMENTS for block in python_blocks(document)]
RUNNABLE = [block for block in BLOCKS if block.not_run is None]
CASES = sorted({block.case for block in BLOCKS if block.case})


def case_folder(case: str) -> Path:
    """The importable folder of golden case `case` (its shared runtime files filled in)."""
    from golden_cases import assemble

    return Path(assemble(case))


def test_the_documents_have_python_examples() -> None:
    assert len(RUNNABLE) >= 4, [b.where for b in BLOCKS]
    assert len(BLOCKS) - len(RUNNABLE) <= MOST_NOT_RUN, [b.where for b in BLOCKS if b.not_run]


@pytest.fixture(scope="module")
def mock_env(seed_packages: Path) -> Iterator[dict[str, str]]:
    """Environment of a block's script: the seed packages importable, each client pointed at its
    package's mock server (MockHandlers) with a key the mock accepts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(tuple(SEEDS.values()))}
    env["PYTHONPATH"] = str(seed_packages)
    with contextlib.ExitStack() as servers:
        for package, prefix in SEEDS.items():
            server = importlib.import_module(f"{package}.server")
            app = server.create_app(server.MockHandlers())
            env[f"{prefix}_BASE_URL"] = servers.enter_context(live_server(app))
            env[f"{prefix}_API_KEY"] = "doc-example-key"
        yield env


@pytest.fixture(scope="module")
def case_envs(mock_env: dict[str, str]) -> Iterator[dict[str, dict[str, str]]]:
    """For each golden case a block runs with: the environment of its scripts, the case's
    package importable and its client pointed at the case's doc server (or mock)."""
    envs: dict[str, dict[str, str]] = {}
    with contextlib.ExitStack() as servers:
        for case in CASES:
            folder = case_folder(case)
            if str(folder) not in sys.path:
                sys.path.insert(0, str(folder))
            doc_server = GOLDEN / case / "doc_server.py"
            if doc_server.is_file():
                spec = importlib.util.spec_from_file_location(f"{case}_doc_server", doc_server)
                assert spec is not None and spec.loader is not None
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                app = module.create_app()
            else:
                server = importlib.import_module(f"{case}.server")
                app = server.create_app(server.MockHandlers())
            prefix = case.upper()
            envs[case] = {**{k: v for k, v in mock_env.items() if not k.startswith(prefix)},
                          "PYTHONPATH": os.pathsep.join([str(folder), mock_env["PYTHONPATH"]]),
                          f"{prefix}_BASE_URL": servers.enter_context(live_server(app)),
                          f"{prefix}_API_KEY": "doc-example-key"}
        yield envs


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.where)
def test_block_runs(block: Block, mock_env: dict[str, str],
                    case_envs: dict[str, dict[str, str]], tmp_path: Path) -> None:
    if block.not_run is not None:
        pytest.skip(f"{block.where} is marked not-run: {block.not_run}")
    script = tmp_path / f"{block.module}.py"
    script.write_text(block.source, encoding="utf-8")
    env = case_envs[block.case] if block.case else mock_env
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, (
        f"{block.where} failed (exit {done.returncode})\n--- block\n{block.source}"
        f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}")


def test_blocks_pass_mypy_strict(seed_packages: Path, tmp_path: Path) -> None:
    for block in RUNNABLE:
        (tmp_path / f"{block.module}.py").write_text(block.source, encoding="utf-8")
    folders = [str(seed_packages), *(str(case_folder(case)) for case in CASES)]
    env = {**os.environ, "MYPYPATH": os.pathsep.join(folders)}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file",
         os.devnull, *(f"{block.module}.py" for block in RUNNABLE)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    where = {f"{block.module}.py": block for block in RUNNABLE}

    def locate(match: re.Match[str]) -> str:
        block = where[match["file"]]
        return f"{block.document.relative_to(ROOT).as_posix()}:{block.line + int(match['line'])}"

    report = re.sub(r"^(?P<file>\w+\.py):(?P<line>\d+)", locate, done.stdout, flags=re.M)
    assert done.returncode == 0, report + done.stderr


def test_blocks_are_read_with_their_not_run_reason(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Intro\n\n```python\nprint(1)\n```\n\n<!-- not-run: a fragment -->\n\n```python\n"
        "x.y\n```\n\n- item:\n\n  ```python\n  import os\n  ```\n\n```jinja\n{{ x }}\n```\n"
        "\n<!-- run-with: feature_enums -->\n```python\nimport feature_enums\n```\n",
        encoding="utf-8")
    blocks = list(python_blocks(page))
    assert [(b.line, b.source, b.not_run, b.case) for b in blocks] == [
        (3, "print(1)\n", None, None), (9, "x.y\n", "a fragment", None),
        (15, "import os\n", None, None), (24, "import feature_enums\n", None, "feature_enums")]
