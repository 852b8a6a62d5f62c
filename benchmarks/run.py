"""apigen's benchmark: whole-process wall time and peak memory, cold and warm, against peers.

    python benchmarks/run.py [--peers] [--repeat 3] [--quick] [--readme] [--only NAME]

Workloads: both seed specs together (`apigen generate` in a copy of specs/ and pyproject.toml),
Stripe (shared/corpus/specs/stripe/spec3.json; `APIGEN_SHARED_DIR` overrides shared/) and
synthetic specs of N = 50, 500 and 2000 schemas (synthetic_spec.py). apigen, run from a snapshot
of generator/ and templates/ taken at the start, runs each cold (fresh workspace, empty cache:
XDG_CACHE_HOME points into it), then warm after editing one schema description, then warm with
no change, checking that no file's mtime moved. With `--formatter` in `apigen generate --help`,
Stripe is also run with `--formatter ruff`. `--peers` installs fastapi-code-generator,
openapi-python-client and openapi-generator-cli into throwaway venvs and runs them cold on the
same inputs, the tool order rotating every repetition. The generated Stripe package is imported,
ruff-checked and mypy-checked (timed, not gated), and client_overhead.py measures the generated
client against bare httpx.

The same run measures import_speed.py's rows (startup.py: import + client + one call of the
generated seed, Stripe and OpenAI packages, the Stripe server's create_app; with `--peers` the
official stripe and openai SDKs too) and the volume of every tool's output on the seeds and
Stripe (volume.py).

Prints a Markdown report (medians, the targets of issue 16 and those of issue 7 it does not
supersede, the import rows, the generated volume, the scaling curve) and writes it to
benchmarks/results/latest.md and latest.json; `--readme` also puts it into README.md's
Performance section. `--quick`: one repetition, no Stripe, N = 50 and 500, no mypy, no corpus
packages among the import rows. Where the time goes: benchmarks/profile.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import measure
import report
import results as res
import startup
import tools as peers
import volume
import workloads as wl
from measure import Run
from results import ClientOverhead, Results
from tools import Tool
from workloads import Workload, Workspace

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SIZES, QUICK_SIZES = (50, 500, 2000), (50, 500)
CHECK_TIMEOUT = 900.0
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


# --- running one tool on one workspace ---------------------------------------------------------

def environment(tool: Tool, space: Workspace) -> dict[str, str]:
    """The caller's environment with the workspace's (initially empty) cache folder."""
    env = {k: v for k, v in os.environ.items() if k != "APIGEN_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(space.cache)
    env.update(tool.env)
    if tool.bin_dir is not None:
        env["PATH"] = f"{tool.bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def combine(runs: list[Run]) -> Run:
    """Commands run one after the other count as one run: times add, memory is the peak."""
    failed = next((r for r in runs if not r.ok), None)
    return Run(
        seconds=sum(r.seconds for r in runs),
        rss_mib=max(r.rss_mib for r in runs),
        tree_mib=max(r.tree_mib for r in runs),
        returncode=failed.returncode if failed else 0,
        timed_out=any(r.timed_out for r in runs),
        output_tail=(failed or runs[-1]).output_tail,
    )


def generate(tool: Tool, workload: Workload, space: Workspace, *, mode: str,
             timeout: float) -> Run:
    runs: list[Run] = []
    for i, command in enumerate(tool.commands(workload, space)):
        runs.append(measure.run(command, cwd=space.root, env=environment(tool, space),
                                log=space.root / f"{mode}-{i}.log", timeout=timeout))
        if not runs[-1].ok:
            break
    return combine(runs)


def warm_runs(tool: Tool, workload: Workload, space: Workspace, results: Results,
              timeout: float) -> str:
    """Edit one description and regenerate, then regenerate again with no change."""
    before = wl.mtimes(space.output)
    wl.edit_one_description(space.specs[0])
    summary = []
    for mode in (res.WARM_EDIT, res.WARM_NOCHANGE):
        run = generate(tool, workload, space, mode=mode, timeout=timeout)
        after = wl.mtimes(space.output)
        cell = results.cell(workload.name, tool.name, mode)
        if not record(cell, run):
            return f"{mode} {run.failure()}"
        cell.rewritten.append(len(wl.changed_files(before, after)))
        cell.files = len(after)
        before = after
        summary.append(f"{mode} {run.seconds:.2f} s")
    return ", ".join(summary)


def record(cell: res.Cell, run: Run) -> bool:
    if run.ok:
        cell.runs.append(run)
    elif cell.failure is None:
        cell.failure = run.failure()
    return run.ok


# --- the generated Stripe package --------------------------------------------------------------

IMPORT_PROBE = (
    "import importlib, pkgutil, sys\n"
    "package = importlib.import_module(sys.argv[1])\n"
    "for module in pkgutil.walk_packages(package.__path__, sys.argv[1] + '.'):\n"
    "    importlib.import_module(module.name)\n"
)


def check_package(space: Workspace, package: str, *, mypy: bool) -> dict[str, str]:
    """Import every module, `ruff check` and (timed, not gated) `mypy --strict` the package."""
    checks: dict[str, list[str]] = {
        "import": [sys.executable, "-c", IMPORT_PROBE, package],
        "ruff check": [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", package],
    }
    if mypy:
        checks["mypy --strict"] = [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                                   "--config-file", os.devnull, package]
    found: dict[str, str] = {}
    for name, command in checks.items():
        env = {**os.environ, "PYTHONPATH": str(space.output)}
        run = measure.run(command, cwd=space.output, env=env, timeout=CHECK_TIMEOUT,
                          log=space.root / f"check-{name.split()[0]}.log")
        verdict = "ok" if run.ok else f"FAILED ({measure.failure_reason(run.output_tail)})"
        found[name] = f"{verdict} in {run.seconds:.1f} s"
        log(f"stripe package {name}: {found[name]}")
    return found


# --- one workload, every tool, every repetition ------------------------------------------------

def rotated(tools: list[Tool], rep: int) -> list[Tool]:
    shift = rep % len(tools)
    return tools[shift:] + tools[:shift]


def run_tool(tool: Tool, workload: Workload, space: Workspace, results: Results,
             args: argparse.Namespace) -> str:
    cold = generate(tool, workload, space, mode=res.COLD, timeout=args.timeout)
    cell = results.cell(workload.name, tool.name, res.COLD)
    if not record(cell, cold):
        return cold.failure()
    cell.files = len(wl.mtimes(space.output))
    volume.record(results, workload.name, tool.name, space.specs, space.output)
    summary = f"cold {cold.seconds:.2f} s"
    if tool.incremental:
        summary += ", " + warm_runs(tool, workload, space, results, args.timeout)
    return summary


def run_workload(workload: Workload, tools: list[Tool], results: Results, scratch: Path,
                 args: argparse.Namespace) -> None:
    for rep in range(args.repeat):
        for tool in rotated(tools, rep):
            cell = results.cell(workload.name, tool.name, res.COLD)
            if tool.unavailable or cell.failure:  # a failure is not worth repeating
                cell.failure = cell.failure or f"unavailable: {tool.unavailable}"
                continue
            slug = re.sub(r"\W+", "-", tool.name)
            space = wl.prepare(workload, scratch / f"{workload.name}-{slug}-{rep}")
            summary = run_tool(tool, workload, space, results, args)
            log(f"{workload.name} / {tool.name} / rep {rep + 1}: {summary}")
            if (workload.name == "stripe" and tool.name == res.APIGEN
                    and not results.stripe_package and not cell.failure):
                results.stripe_package = check_package(space, workload.package,
                                                       mypy=not args.quick)
            shutil.rmtree(space.root)


def tools_for(workload: Workload, tools: list[Tool]) -> list[Tool]:
    """Formatter variants only on Stripe: the issue asks for both formatters there."""
    return [t for t in tools if not t.extra_args or workload.name == "stripe"]


# --- client overhead, machine, settings ---------------------------------------------------------

OVERHEAD_LINE = re.compile(r"^(?P<op>.+?)\s+(?P<bare>[\d.]+)us\s+(?P<client>[\d.]+)us\s+"
                           r"(?P<ratio>[\d.]+)x$")


def client_overhead(results: Results, source: Path, *, quick: bool) -> None:
    """Run the snapshot's copy of client_overhead.py (it generates from its own checkout)."""
    command = [sys.executable, str(source / "benchmarks" / "client_overhead.py")]
    if quick:
        command += ["--calls", "1000", "--runs", "3"]
    proc = subprocess.run(command, cwd=source, capture_output=True, text=True, check=False,
                          timeout=CHECK_TIMEOUT)
    for line in proc.stdout.splitlines():
        if match := OVERHEAD_LINE.match(line.strip()):
            results.client_overhead.append(ClientOverhead(
                match["op"].strip(), float(match["bare"]), float(match["client"]),
                float(match["ratio"])))
    if proc.returncode != 0 or not results.client_overhead:
        results.client_overhead_error = measure.failure_reason(proc.stderr + proc.stdout)
    log(f"client overhead: {[c.ratio for c in results.client_overhead]}")


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def _git(*args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return proc.stdout.strip()


def apigen_revision() -> str:
    """The commit, plus a hash of uncommitted changes to the code apigen runs, if any."""
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    diff = _git("diff", "HEAD", "--", "generator", "templates", "pyproject.toml")
    if not diff:
        return commit
    return f"{commit} + uncommitted changes {hashlib.sha256(diff.encode()).hexdigest()[:8]}"


def load() -> str:
    """1-minute load average: above the core count, other work competed with the benchmark."""
    return f"{os.getloadavg()[0]:.1f}"


def machine() -> dict[str, str]:
    cpu = re.search(r"^model name\s*:\s*(.+)$", _read("/proc/cpuinfo"), re.MULTILINE)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    return {
        "cpu": cpu.group(1) if cpu else platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "ram": f"{int(mem.group(1)) / 1024**2:.1f} GiB" if mem else "unknown",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "java": peers.java_version(),
    }


# --- main ---------------------------------------------------------------------------------------

def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--peers", action="store_true",
                        help="also install and run the peer generators")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per cell (median)")
    parser.add_argument("--quick", action="store_true",
                        help="one repetition, no Stripe, N = 50 and 500, no mypy")
    parser.add_argument("--readme", action="store_true",
                        help="also write the report into README.md's Performance section")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="run only workloads whose name starts with NAME (seeds, stripe, "
                        "synthetic, synthetic-500); repeatable")
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="measure nothing: re-render a saved latest.json")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="seconds before one generator run is killed (default 1800)")
    args = parser.parse_args()
    if args.quick:
        args.repeat = 1
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def build_workloads(args: argparse.Namespace, inputs: Path) -> list[Workload]:
    def wanted(name: str) -> bool:
        return not args.only or any(name.startswith(prefix) for prefix in args.only)

    inputs.mkdir()
    sizes = QUICK_SIZES if args.quick else SIZES
    found = [wl.seeds()] if wanted("seeds") else []
    found += [wl.synthetic(n, inputs) for n in sizes if wanted(f"synthetic-{n}")]
    if not args.quick and wanted("stripe"):
        if not wl.stripe_spec().is_file():
            raise SystemExit(f"{wl.stripe_spec()} not found (set {wl.SHARED_ENV})")
        found.append(wl.stripe())
    return found


def install_peers(venvs: Path) -> list[Tool]:
    installed = []
    for spec in peers.PEERS:
        log(f"installing {spec.requirement} into a throwaway venv")
        tool = peers.install_peer(spec, venvs)
        log(f"{tool.name}: " + (f"unavailable: {tool.unavailable}" if tool.unavailable
                                else tool.version))
        installed.append(tool)
    return installed


def tool_versions(tools: list[Tool]) -> dict[str, str]:
    return {t.name: f"unavailable: {t.unavailable}" if t.unavailable else t.version
            for t in tools if not t.extra_args}


def benchmark(args: argparse.Namespace, scratch: Path) -> Results:
    revision = apigen_revision()
    source = peers.snapshot_apigen(ROOT, scratch / "apigen")
    tools = peers.apigen_tools(source) + (install_peers(scratch / "venvs") if args.peers else [])
    results = Results(
        machine=machine() | {"apigen": revision},
        settings={"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  "command": shlex.join(["python", "benchmarks/run.py", *sys.argv[1:]]),
                  "repeat": args.repeat, "timeout": args.timeout, "load_start": load()},
        tools=tool_versions(tools),
    )
    for workload in build_workloads(args, scratch / "inputs"):
        run_workload(workload, tools_for(workload, tools), results, scratch, args)
    startup.measure_imports(results, source, scratch / "imports", quick=args.quick,
                            peers=args.peers, log=log)
    client_overhead(results, source, quick=args.quick)
    results.settings["load_end"] = load()
    results.settings["apigen_end"] = apigen_revision()
    return results


def write_outputs(results: Results, *, readme: bool) -> str:
    text = report.markdown(results)
    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.md").write_text(text, encoding="utf-8")
    data = json.dumps(report.to_json(results), indent=2)
    (out / "latest.json").write_text(data + "\n", encoding="utf-8")
    if readme:
        report.update_readme(ROOT / "README.md", text)
    return text


def main() -> None:
    args = parse_args()
    # SIGTERM unwinds like Ctrl-C, so the scratch folder (venvs, outputs) is removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.render is not None:
        results = report.from_json(json.loads(args.render.read_text(encoding="utf-8")))
    else:
        with tempfile.TemporaryDirectory(prefix="apigen-bench-") as scratch:
            results = benchmark(args, Path(scratch))
    print(write_outputs(results, readme=args.readme))


if __name__ == "__main__":
    main()
