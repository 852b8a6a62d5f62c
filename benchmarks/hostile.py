"""Time and memory of apigen on hostile and pathological input, against a normal run.

`python benchmarks/hostile.py` writes each input into a temporary folder (nothing is
downloaded, nothing outside it is read), runs `apigen generate` on it as a separate process,
and prints wall time, peak memory (RSS of the apigen process), exit code and the first line
apigen printed. The last column is the budget the input is held to; the script exits 1 when a
run breaks its budget or ends with anything but exit 0 or 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAD = '"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}'
YAML_HEAD = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    write: Callable[[Path], None]
    seconds: float
    """Wall-time budget (a cold apigen process included)."""
    mib: float
    """Peak-RSS budget of the apigen process."""
    expect: int


def _alias_bomb(path: Path) -> None:
    lines = [f"  l0: &l0 [{', '.join(['lol'] * 9)}]"]
    lines += [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    path.write_text(YAML_HEAD + "x-bomb:\n" + "\n".join(lines) + "\n", encoding="utf-8")


def _deep_json(path: Path) -> None:
    path.write_text("{" + HEAD + ', "x-deep": ' + "[" * 2000 + "]" * 2000 + "}",
                    encoding="utf-8")


def _deep_yaml(path: Path) -> None:
    path.write_text(YAML_HEAD + "x-deep: " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")


def _big_json(path: Path) -> None:
    filler = json.dumps({"x": "y" * 1000})
    with path.open("w", encoding="utf-8") as handle:
        handle.write("{" + HEAD + ', "x-filler": [')
        handle.write(",".join([filler] * 52_000))
        handle.write("]}")


def _self_allof(path: Path) -> None:
    path.write_text(YAML_HEAD + "components:\n  schemas:\n    A:\n      allOf:\n"
                    "        - $ref: '#/components/schemas/A'\n        - type: object\n",
                    encoding="utf-8")


def _outside_ref(path: Path) -> None:
    path.write_text(YAML_HEAD + "components: {schemas: {P: {$ref: '/etc/passwd'}}}\n",
                    encoding="utf-8")


def _seed(path: Path) -> None:
    path.write_text((REPO / "specs" / "sgp.yaml").read_text(encoding="utf-8"), encoding="utf-8")


CASES = (
    Case("seed spec (reference)", "sgp.yaml", _seed, 20.0, 400, 0),
    Case("YAML alias bomb (600 bytes)", "bomb.yaml", _alias_bomb, 5.0, 200, 2),
    Case("JSON nested 2,000 deep", "deep.json", _deep_json, 5.0, 200, 2),
    Case("YAML nested 2,000 deep", "deep.yaml", _deep_yaml, 5.0, 200, 2),
    Case("50 MB JSON document", "big.json", _big_json, 5.0, 200, 2),
    Case("self-referential allOf", "allof.yaml", _self_allof, 10.0, 300, 2),
    Case("$ref to /etc/passwd", "outside.yaml", _outside_ref, 5.0, 200, 2),
)


def run(case: Case, folder: Path) -> tuple[float, float, int, str]:
    spec = folder / case.filename
    case.write(spec)
    # VmHWM is this process's own peak (ru_maxrss would carry the benchmark's, kept across the
    # fork and exec that start it, on Linux); ru_maxrss where /proc is missing.
    script = (
        "import resource, sys\nfrom generator.cli import main\ncode = main(sys.argv[1:])\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "    peak = int(status.split()[0])\n"
        "except (OSError, IndexError, ValueError):\n"
        "    pass\n"
        "print('peak_kib', peak, file=sys.stdout)\nsys.exit(code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "APIGEN_CACHE_DIR": str(folder / "cache")}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, "generate", spec.name, "--output", str(folder / "out"),
         "--package", "bench", "-q", "--formatter", "ruff"],
        cwd=folder, capture_output=True, text=True, timeout=300, env=env, check=False)
    seconds = time.perf_counter() - started
    peak = next((int(line.split()[1]) for line in done.stdout.splitlines()
                 if line.startswith("peak_kib")), 0)
    first = (done.stderr.strip().splitlines() or ["(nothing printed)"])[0]
    return seconds, peak / 1024, done.returncode, first


def main() -> int:
    failures = 0
    print(f"{'input':32} {'seconds':>8} {'peak MiB':>9} {'exit':>5}  budget      first line")
    with tempfile.TemporaryDirectory(prefix="apigen-hostile-") as tmp:
        for index, case in enumerate(CASES):
            folder = Path(tmp) / f"case{index}"
            folder.mkdir()
            seconds, mib, code, first = run(case, folder)
            ok = code == case.expect and seconds <= case.seconds and mib <= case.mib
            failures += not ok
            budget = f"{case.seconds:.0f} s {case.mib:.0f} MiB"
            print(f"{case.name:32} {seconds:8.2f} {mib:9.0f} {code:5}  {budget:11} "
                  f"{first[:90]}{'' if ok else '  <-- over budget or wrong exit'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
