"""Run mutants through the real CLI and judge each outcome.

`python tests/fuzz/fuzz_run.py [--count N] [--seed S] [--jobs J] [--corpus] [--keep DIR]`
prints one line per failing mutant and a table of figures. A mutant passes when:
- apigen exits 0 or 2 within the time limit, and prints no traceback;
- on 2: stderr has a located `error:` line (`file[:line]: error: ...`), the output folder is
  byte-identical to before, and no line of stderr quotes a file outside the spec's folder;
- on 0: every generated module imports, the client can be constructed, and
  `create_app(MockHandlers())` builds; nothing from outside the spec's folder reached the output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutate import Mutant, mutate

REPO = Path(__file__).resolve().parents[2]
TIME_LIMIT = 60.0
MEMORY_LIMIT = 3 * 1024**3
# Planted next to the work folder: a `$ref` that escapes the spec's folder would carry it out.
SECRET = "FUZZ-OUTSIDE-SECRET-7f3a"
LOCATED_ERROR = re.compile(r"^\S[^\n]*?(:\d+)?: error: ")

SIBLING = {
    "openapi": "3.1.0",
    "info": {"title": "sibling", "version": "1"},
    "paths": {},
    "components": {"schemas": {"Pet": {"type": "object", "properties": {"id": {"type":
                                                                               "integer"}}}}},
}
OUTSIDE = {"Pet": {"type": "object", "description": SECRET,
                   "properties": {SECRET.replace("-", "_").lower(): {"type": "string"}}}}

CHECK_PACKAGE = r"""
import importlib, inspect, pkgutil, sys
sys.path.insert(0, sys.argv[1])
name = sys.argv[2]
package = importlib.import_module(name)
for info in pkgutil.walk_packages(package.__path__, name + "."):
    importlib.import_module(info.name)
skip = {"self", "base_url", "timeout", "max_retries", "default_headers", "http_client"}
params = inspect.signature(package.Client.__init__).parameters
kwargs = {p: "k" for p in params if p not in skip
          and params[p].kind is inspect.Parameter.KEYWORD_ONLY}
package.Client(base_url="http://127.0.0.1:9", **kwargs).close()
from importlib import import_module
app = import_module(name + ".server.app")
mock = import_module(name + ".server.mock")
app.create_app(mock.MockHandlers())
"""


@dataclass
class Outcome:
    mutant: Mutant
    code: int | None
    seconds: float
    problems: list[str] = field(default_factory=list)
    stderr_tail: str = ""


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _run(args: list[str], *, cwd: Path, timeout: float) -> tuple[int | None, str, str, float]:
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIGEN_")}
    env["PYTHONPATH"] = str(REPO)
    try:
        done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                              env=env, preexec_fn=_limit_memory, errors="replace")
    except subprocess.TimeoutExpired as exc:
        err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
        return None, "", err, time.perf_counter() - started
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


def judge(mutant: Mutant, work: Path) -> Outcome:
    """Generate `mutant` in `work` (a fresh folder inside a folder holding the outside file)."""
    spec_dir = work / "spec"
    spec_dir.mkdir(parents=True)
    spec = spec_dir / f"openapi{mutant.suffix}"
    spec.write_text(mutant.text, encoding="utf-8", errors="surrogatepass")
    (spec_dir / "other.yaml").write_text(yaml.safe_dump(SIBLING), encoding="utf-8")
    (work / "outside.yaml").write_text(yaml.safe_dump(OUTSIDE), encoding="utf-8")
    output = work / "out"
    output.mkdir()
    (output / "keep.txt").write_text("kept\n", encoding="utf-8")
    before = _tree_digest(output)
    package = f"fz{mutant.index}"
    code, _, err, seconds = _run(
        [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())",
         "generate", spec.name, "--output", str(output), "--package", package, "-q",
         "--formatter", "ruff"],
        cwd=spec_dir, timeout=TIME_LIMIT)
    outcome = Outcome(mutant, code, seconds, stderr_tail="\n".join(err.splitlines()[-3:]))
    problems = outcome.problems
    if code is None:
        problems.append(f"timeout after {TIME_LIMIT:.0f} s")
        return outcome
    if "Traceback (most recent call last)" in err:
        problems.append("traceback")
    if SECRET in err:
        problems.append("stderr quotes a file outside the spec's folder")
    if code not in (0, 2):
        problems.append(f"exit {code}")
    if code == 2:
        lines = [line for line in err.splitlines() if ": error: " in line]
        if not any(LOCATED_ERROR.match(line) for line in lines):
            problems.append("exit 2 without a located error line")
        if _tree_digest(output) != before:
            problems.append("output folder changed on failure")
    if code == 0:
        leaked = [p for p in (output / package).rglob("*") if p.is_file()
                  and SECRET.encode() in p.read_bytes()]
        if leaked:
            problems.append("output carries a file outside the spec's folder")
        check, _, check_err, _ = _run([sys.executable, "-c", CHECK_PACKAGE, str(output),
                                       package], cwd=work, timeout=TIME_LIMIT)
        if check != 0:
            last = check_err.strip().splitlines()[-1:] or ["(no message)"]
            problems.append(f"exit 0 but the package is broken: {last[0][:160]}")
    return outcome


def seeds(*, corpus: bool, max_bytes: int = 150_000) -> Iterator[tuple[str, Any]]:
    """The project's own specs and golden cases; with `corpus`, the small corpus documents."""
    paths = sorted(REPO.glob("specs/*.yaml")) + sorted(REPO.glob("tests/golden/*/spec.yaml"))
    if corpus:
        root = Path(os.environ.get("APIGEN_CORPUS", REPO.parent / "shared" / "corpus"))
        for manifest in (root / "MANIFEST.tsv", root / "MANIFEST-added.tsv"):
            if not manifest.is_file():
                continue
            for row in manifest.read_text(encoding="utf-8").splitlines()[1:]:
                cells = row.split("\t")
                path = root / "specs" / cells[0] / cells[1].split(" (")[0]
                if path.is_file() and path.stat().st_size <= max_bytes:
                    paths.append(path)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError):
            continue  # a document that is broken already is no seed
        if isinstance(data, dict) and "openapi" in data:
            name = path.parent.name if path.name in ("spec.yaml",) or "corpus" in path.parts \
                else path.stem
            yield name, data


def mutants(count: int, *, base_seed: int, corpus: bool) -> list[Mutant]:
    pool = list(seeds(corpus=corpus))
    return [mutate(pool[i % len(pool)][0], pool[i % len(pool)][1], i, base_seed=base_seed)
            for i in range(count)]


def run(batch: Iterable[Mutant], *, jobs: int, keep: Path | None = None) -> list[Outcome]:
    with tempfile.TemporaryDirectory(prefix="apigen-fuzz-") as tmp:
        base = keep or Path(tmp)
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(lambda m: judge(m, base / f"m{m.index}"), batch))


def summarise(outcomes: list[Outcome]) -> str:
    codes = Counter("timeout" if o.code is None else str(o.code) for o in outcomes)
    kinds = Counter(p.split(":")[0] for o in outcomes for p in o.problems)
    seconds = sorted(o.seconds for o in outcomes)
    lines = [
        f"mutants: {len(outcomes)}",
        "exit codes: " + ", ".join(f"{k}={v}" for k, v in sorted(codes.items())),
        f"failing mutants: {sum(1 for o in outcomes if o.problems)}",
        "problems: " + (", ".join(f"{k}={v}" for k, v in kinds.most_common()) or "none"),
        f"generation seconds: median {seconds[len(seconds) // 2]:.2f}, max {seconds[-1]:.2f}"
        if seconds else "generation seconds: -",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", action="store_true", help="also mutate corpus documents")
    parser.add_argument("--only", type=int, nargs="*", help="replay these mutant numbers")
    parser.add_argument("--keep", type=Path, help="keep the work folders here")
    args = parser.parse_args(argv)
    batch = mutants(args.count, base_seed=args.seed, corpus=args.corpus)
    if args.only:
        batch = [m for m in batch if m.index in set(args.only)]
    outcomes = run(batch, jobs=args.jobs, keep=args.keep)
    for outcome in outcomes:
        if outcome.problems:
            m = outcome.mutant
            print(f"#{m.index} {m.seed_name}{m.suffix} {' '.join(m.ops)}: "
                  f"{'; '.join(outcome.problems)}")
    print(summarise(outcomes))
    bad = sum(1 for o in outcomes if o.problems)
    print(f"fuzz: {len(outcomes) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
