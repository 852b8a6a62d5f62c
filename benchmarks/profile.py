"""Where a cold `apigen generate` spends its time: cProfile by pipeline stage, then by function.

    python benchmarks/profile.py [--only seeds|stripe] [--formatter black|ruff]
                                 [--serial-format] [--top 25]

Each workload runs in a fresh interpreter (so each pays apigen's imports, as a cold CLI run
does) with an empty cache (XDG_CACHE_HOME in a temporary folder): both seed specs as one
`apigen generate` of a copy of specs/ and pyproject.toml, and Stripe
(`shared/corpus/specs/stripe/spec3.json`, `APIGEN_SHARED_DIR` overrides shared/). The checkout's
generator runs in-process under cProfile from `import generator.cli` to the files written.

Stages are the cumulative times of the pipeline's entry points (STAGES): spec load, validate,
prepare, models (datamodel-code-generator), IR, render, format and write, plus `import` (the
CLI's own imports) and `other` (the rest: argument parsing, configuration, run cache, the
manifest's signature). Formatting runs in a process pool as the CLI does, so `format` is the
parent's wait for it and the workers' functions are not in the profile; `--serial-format` runs
it in-process (one worker) to profile black itself, which makes that stage slower. On a large
spec, validation runs in a forked child while models are made, and `validate` is the wait for
it. cProfile slows Python code down (often 1.5-2x): read the shares, not the absolute seconds.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORKLOADS = ("seeds", "stripe")

# (stage, [(file suffix, function name)]): the stage's time is the sum of these functions'
# cumulative times. A method is named by its function name alone (cProfile's key).
STAGES: list[tuple[str, list[tuple[str, str]]]] = [
    ("spec load", [("generator/spec/load.py", "load_spec")]),
    ("spec validate", [("generator/spec/validate.py", "validate_spec"),
                       ("generator/pipeline.py", "result")]),
    ("prepare", [("generator/spec/checks.py", "check_buildable"),
                 ("generator/prepare/inline_schemas.py", "hoist_inline_schemas"),
                 ("generator/prepare/read_write.py", "split_read_write")]),
    ("models (datamodel-code-generator)", [("generator/models/generate.py",
                                            "generate_models")]),
    ("IR", [("generator/ir/build.py", "build_api")]),
    ("render", [("generator/render/environment.py", "make_environment"),
                ("generator/render/environment.py", "render_templates")]),
    ("format", [("generator/output/formatting.py", name)
                for name in ("__init__", "add", "result", "close")]),
    ("write", [("generator/output/emit.py", "write_package_or_refuse"),
               ("generator/output/runcache.py", "remember")]),
]
# Rendering hands each rendered module to the formatter (`start` in pipeline.py calls
# Formatting.add): that share of render's cumulative time is format's.
INSIDE_RENDER = (("generator/output/formatting.py", "add"), ("generator/pipeline.py", "start"))

Key = tuple[str, int, str]
"""cProfile's function key: (file, line, name)."""
Entry = tuple[int, int, float, float, dict[Key, Any]]
"""(primitive calls, calls, own seconds, cumulative seconds, callers)."""


def _matches(key: Key, suffix: str, name: str) -> bool:
    return key[2] == name and key[0].replace(os.sep, "/").endswith(suffix)


def _cumulative(stats: dict[Key, Entry], suffix: str, name: str) -> float:
    return sum(entry[3] for key, entry in stats.items() if _matches(key, suffix, name))


def _format_inside_render(stats: dict[Key, Entry]) -> float:
    (add_file, add_name), (caller_file, caller_name) = INSIDE_RENDER
    total = 0.0
    for key, entry in stats.items():
        if _matches(key, add_file, add_name):
            total += sum(edge[3] for caller, edge in entry[4].items()
                         if _matches(caller, caller_file, caller_name))
    return total


def stage_seconds(stats: dict[Key, Entry], *, import_seconds: float,
                  total_seconds: float) -> list[tuple[str, float]]:
    """Seconds per stage, in pipeline order, with `import` first and `other` (what is left of
    `total_seconds`) last; the formatting started from inside render counts as format only."""
    stages = [(stage, sum(_cumulative(stats, suffix, name) for suffix, name in entries))
              for stage, entries in STAGES]
    moved = _format_inside_render(stats)
    stages = [(stage, seconds - moved if stage == "render" else seconds)
              for stage, seconds in stages]
    other = total_seconds - import_seconds - sum(seconds for _, seconds in stages)
    return [("import (generator.cli and what it loads)", import_seconds), *stages,
            ("other", other)]


def package_of(filename: str) -> str:
    """Who a profiled function belongs to: `generator.<stage>`, a third-party distribution's
    top-level package, `stdlib`, or `builtins` (C functions)."""
    path = filename.replace(os.sep, "/")
    if path.startswith("~") or path.startswith("<"):
        return "builtins" if path.startswith("~") else "generated code (<string>)"
    if "/site-packages/" in path:
        return path.split("/site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    root = ROOT.as_posix() + "/"
    if path.startswith(root + "generator/"):
        parts = path[len(root):].split("/")
        return ".".join(parts[:2]).removesuffix(".py")
    return "templates (jinja)" if "/templates/" in path else "stdlib"


def by_package(stats: dict[Key, Entry]) -> list[tuple[str, float]]:
    """Own time summed per package, largest first."""
    totals: dict[str, float] = defaultdict(float)
    for key, entry in stats.items():
        totals[package_of(key[0])] += entry[2]
    return sorted(totals.items(), key=lambda item: -item[1])


def _where(key: Key) -> str:
    path = key[0].replace(os.sep, "/")
    for marker in ("/site-packages/", ROOT.as_posix() + "/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{path}:{key[1]}({key[2]})" if key[1] else key[2]


def top_functions(stats: dict[Key, Entry], count: int) -> list[str]:
    ranked = sorted(stats.items(), key=lambda item: -item[1][2])[:count]
    return [f"| {entry[2]:.2f} | {entry[3]:.2f} | {entry[1]:,} | `{_where(key)}` |"
            for key, entry in ranked]


# --- one workload, in this (fresh) interpreter ------------------------------------------------

def _profiler() -> Any:
    """A cProfile.Profile. cProfile imports the standard library's `profile`, which this file
    shadows when run as a script (its folder comes first on sys.path): import it without."""
    here = Path(__file__).resolve().parent
    saved = sys.path[:]
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != here]
    try:
        return importlib.import_module("cProfile").Profile()
    finally:
        sys.path[:] = saved


def _stripe_spec() -> Path:
    shared = os.environ.get("APIGEN_SHARED_DIR")
    return (Path(shared) if shared else ROOT.parent / "shared") / "corpus" / "specs" / \
        "stripe" / "spec3.json"


def _arguments(workload: str, folder: Path, formatter: str) -> list[str]:
    extra = ["--formatter", formatter] if formatter != "black" else []
    if workload == "seeds":
        shutil.copytree(ROOT / "specs", folder / "specs")
        shutil.copy2(ROOT / "pyproject.toml", folder / "pyproject.toml")
        return ["generate", "-q", *extra]
    spec = _stripe_spec()
    if not spec.is_file():
        raise SystemExit(f"{spec} not found (set APIGEN_SHARED_DIR)")
    return ["generate", str(spec), "--output", str(folder / "out"), "--package", "stripe_api",
            "-q", *extra]


def profile_one(workload: str, *, formatter: str, serial: bool, top: int,
                plain: bool = False) -> None:
    """Generate `workload` cold under cProfile and print the report; `plain`: without the
    profiler, printing only the wall time (the calibration line)."""
    with tempfile.TemporaryDirectory(prefix="apigen-profile-") as tmp:
        folder = Path(tmp)
        os.environ.pop("APIGEN_CACHE_DIR", None)
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        argv = _arguments(workload, folder, formatter)
        os.chdir(folder)
        sys.path.insert(0, str(ROOT))
        profiler = _profiler()
        # A forked pool worker would inherit the running profiler and crawl: stop it there.
        os.register_at_fork(after_in_child=profiler.disable)
        start = time.perf_counter()
        if not plain:
            profiler.enable()
        import generator.cli as cli

        imported = time.perf_counter()
        if serial:
            from generator.output import formatting

            formatting.Formatting.__init__.__kwdefaults__["workers"] = 1
        code = cli.main(argv)
        profiler.disable()
        total = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"apigen generate exited with {code}")
    if plain:
        print(f"{workload}: {total:.2f} s cold without the profiler (import {imported - start:.2f}"
              f" s); under it:\n", flush=True)
        return
    stats: dict[Key, Entry] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    print_report(workload, stats, import_seconds=imported - start, total_seconds=total,
                 formatter=formatter, serial=serial, top=top)


def print_report(workload: str, stats: dict[Key, Entry], *, import_seconds: float,
                 total_seconds: float, formatter: str, serial: bool, top: int) -> None:
    pool = "in-process (--serial-format)" if serial else "process pool, as the CLI runs it"
    print(f"## {workload}: cold `apigen generate` under cProfile, {formatter}, formatting "
          f"{pool}: {total_seconds:.2f} s\n")
    print("| stage | seconds | share |\n| --- | ---: | ---: |")
    for stage, seconds in stage_seconds(stats, import_seconds=import_seconds,
                                        total_seconds=total_seconds):
        print(f"| {stage} | {seconds:.2f} | {100 * seconds / total_seconds:.0f}% |")
    print("\nOwn time by package (this process's functions only; `builtins` includes the "
          "wait for the formatting pool and the validating child, `_thread.lock.acquire`):\n")
    print("| package | own seconds |\n| --- | ---: |")
    for package, seconds in by_package(stats)[:12]:
        print(f"| {package} | {seconds:.2f} |")
    print(f"\nTop {top} functions by own time:\n")
    print("| own s | cumulative s | calls | function |\n| ---: | ---: | ---: | --- |")
    print("\n".join(top_functions(stats, top)) + "\n", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--only", choices=WORKLOADS, action="append",
                        help="profile only this workload (repeatable; default: both)")
    parser.add_argument("--formatter", choices=("black", "ruff"), default="black")
    parser.add_argument("--serial-format", action="store_true",
                        help="format in-process, so black's own functions are profiled")
    parser.add_argument("--top", type=int, default=25, help="functions listed (default 25)")
    parser.add_argument("--one", choices=WORKLOADS, help=argparse.SUPPRESS)
    parser.add_argument("--plain", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        profile_one(args.one, formatter=args.formatter, serial=args.serial_format, top=args.top,
                    plain=args.plain)
        return 0
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at the start.\n", flush=True)
    failed = 0
    for workload in args.only or WORKLOADS:
        command = [sys.executable, __file__, "--one", workload, "--formatter", args.formatter,
                   "--top", str(args.top), *(["--serial-format"] if args.serial_format else [])]
        for extra in (["--plain"], []):
            failed |= subprocess.run(command + extra, check=False).returncode
    print(f"Load average {os.getloadavg()[0]:.1f} at the end.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
