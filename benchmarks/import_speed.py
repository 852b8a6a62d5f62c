"""What a process pays to start using a generated package: import time and peak memory.

    python benchmarks/import_speed.py [--runs 5] [--sdk-venv DIR] [--no-sdks]

Each row runs in fresh interpreters, `--runs` times: the time from before the first import to
after `import pkg`, making a client and one call answered by `httpx.MockTransport` (measured
inside the process, so interpreter start-up is not counted), and the process's peak RSS. The
figures are medians. Rows: `import pydantic, httpx` (the anchor), the seed packages, the
generated Stripe (`shared/corpus/specs/stripe/spec3.json`) and OpenAI
(`shared/corpus/specs/openai/openapi.yaml`) packages, and the official `stripe` and `openai`
SDKs doing the same (`StripeClient` + `customers.retrieve`, `OpenAI` + `models.retrieve`),
and the generated Stripe server's `create_app(MockHandlers())` (no anchor),
installed with pip into a throwaway venv (or `--sdk-venv DIR`, a venv that has them); a row
that cannot run says so. The packages are generated first from the current generator (with
`--formatter ruff`, which does not change what an import does) and their bytecode is
precompiled (`compileall`), as an installed package's is; the script prints whether it was.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("APIGEN_SHARED_DIR") or ROOT.parent / "shared")
SPECS = {
    "stripe_api": SHARED / "corpus" / "specs" / "stripe" / "spec3.json",
    "openai_api": SHARED / "corpus" / "specs" / "openai" / "openapi.yaml",
}

# Timing starts before the first import; the snippet runs; the probe prints the figures. The
# peak is the process's own high-water RSS (VmHWM, reset at exec): Linux carries ru_maxrss over
# from the parent at fork and exec, so a child of a large process (run.py) would report the
# parent's size.
PROBE = """\
import resource, time
_start = time.perf_counter()
{snippet}
_seconds = time.perf_counter() - _start
import json
try:
    _kib = next(int(line.split()[1]) for line in open("/proc/self/status")
                if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    _kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": _seconds, "mib": _kib / 1024}}))
"""


def _answer(http: str, payload: dict[str, object], status: int = 200) -> str:
    return (f"_transport = {http}.MockTransport(lambda request: {http}.Response("
            f"{status}, json={payload!r}))")


CUSTOMER = {"id": "cus_1", "object": "customer", "created": 1, "livemode": False}
MODEL = {"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"}
SCOPE3_MODEL = {"id": "gpt-4-turbo", "aliases": ["claude-latest"], "name": "GPT-4 Turbo",
                "customer_id": 123, "created_at": "2023-11-07T05:31:56Z",
                "updated_at": "2023-11-07T05:31:56Z", "created_by": "someone"}
SGP_INSTANCE = {"name": "m", "model_type": "COMPLETION", "id": "mi-1",
                "created_at": "2023-11-07T05:31:56Z", "account_id": "acc",
                "created_by_user_id": "u", "request_schema": {}, "response_schema": {},
                "deployment_count": 1, "supports_multi_turn": True}


def _generated(package: str, payload: dict[str, object], call: str, status: int = 200) -> str:
    return textwrap.dedent(f"""\
        import httpx
        import {package}
        {_answer("httpx", payload, status)}
        client = {package}.Client(api_key="k", http_client=httpx.Client(transport=_transport))
        client.{call}
        """)


@dataclass(frozen=True)
class Row:
    name: str
    snippet: str
    sdk: bool = False
    """Runs in the SDK venv's interpreter."""
    anchor: str = "anchor"
    """The row its ratio is against."""
    package: str = ""
    """The generated package it imports."""


ANCHOR = "import pydantic, httpx\n"
ANCHOR_ROW, STRIPE_ROW = "import pydantic, httpx", "stripe_api (generated)"
SERVER_ROW = "stripe_api server: create_app(MockHandlers())"
ROWS = [
    Row(ANCHOR_ROW, ANCHOR, anchor=""),
    Row("sgp (seed)", _generated(
        "sgp", SGP_INSTANCE, 'model_groups.models.create(model_group_id="g", '
        'model_instance_id="m")'), package="sgp"),
    Row("scope3_ai (seed)", _generated(
        "scope3_ai", SCOPE3_MODEL, 'model.create(id="gpt-4-turbo", name="GPT-4 Turbo")', 201),
        package="scope3_ai"),
    Row(STRIPE_ROW, _generated(
        "stripe_api", CUSTOMER, 'customers.retrieve(customer="cus_1")'), anchor="stripe SDK",
        package="stripe_api"),
    Row(SERVER_ROW, textwrap.dedent("""\
        from stripe_api import server
        server.create_app(server.MockHandlers())
        """), anchor="", package="stripe_api"),
    Row("stripe SDK", textwrap.dedent(f"""\
        import httpx
        import stripe
        {_answer("httpx", CUSTOMER)}
        _http = stripe.HTTPXClient()
        _http._client = httpx.Client(transport=_transport)
        client = stripe.StripeClient("sk_test_x", http_client=_http)
        client.v1.customers.retrieve("cus_1")
        """), sdk=True),
    Row("openai_api (generated)", _generated(
        "openai_api", MODEL, 'models.retrieve(model="gpt-4o")'), anchor="openai SDK",
        package="openai_api"),
    Row("openai SDK", textwrap.dedent(f"""\
        try:
            import httpx2 as httpx  # openai >= 3 speaks httpx2
        except ImportError:
            import httpx
        import openai
        {_answer("httpx", MODEL)}
        client = openai.OpenAI(api_key="sk-x", http_client=httpx.Client(transport=_transport))
        client.models.retrieve("gpt-4o")
        """), sdk=True),
]


def generate(out: Path, *, root: Path = ROOT, skip: str = "") -> tuple[dict[str, str], bool]:
    """Generate every package into `out` with the generator in `root` (the checkout, or
    run.py's snapshot) and precompile their bytecode. Returns package -> why it has no figures
    (generation failed, no spec, or `skip` given: the corpus packages are not generated), and
    whether compileall succeeded."""
    failures: dict[str, str] = {}
    jobs = [(spec, spec.stem) for spec in sorted((root / "specs").glob("*.yaml"))]
    jobs += [(spec, name) for name, spec in SPECS.items()]
    env = {**os.environ, "PYTHONPATH": str(root)}
    for spec, package in jobs:
        if skip and package in SPECS:
            failures[package] = f"not run ({skip})"
            continue
        if not spec.is_file():
            failures[package] = f"unavailable: no spec at {spec}"
            continue
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", "generate", str(spec), "--output", str(out),
             "--package", package, "--formatter", "ruff", "-q"],
            cwd=root, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["failed"])[-1]
            failures[package] = f"generation failed: {last}"
    compiled = subprocess.run([sys.executable, "-m", "compileall", "-q", str(out)],
                              capture_output=True, check=False)
    return failures, compiled.returncode == 0


def sdk_python(folder: Path, given: str | None) -> tuple[str | None, str]:
    """The interpreter that has `stripe` and `openai`, or None and why not."""
    if given:
        python = Path(given) / "bin" / "python"
        return (str(python), f"given venv {given}") if python.is_file() else (
            None, f"no interpreter in {given}")
    venv = folder / "sdks"
    steps = [[sys.executable, "-m", "venv", str(venv)],
             [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "stripe", "openai",
              "httpx"]]
    for step in steps:
        result = subprocess.run(step, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["failed"])[-1]
            return None, f"pip install failed: {last}"
    versions = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import importlib.metadata as m; print(m.version('stripe'), m.version('openai'))"],
        capture_output=True, text=True, check=False).stdout.split()
    return str(venv / "bin" / "python"), f"stripe {versions[0]}, openai {versions[1]} " \
        "(pip, throwaway venv)" if len(versions) == 2 else "throwaway venv"


def measure(python: str, snippet: str, path: Path, runs: int) -> tuple[float, float] | str:
    """Median seconds and MiB over `runs` fresh interpreters, or the error."""
    seconds, mib = [], []
    env = {**os.environ, "PYTHONPATH": str(path), "PYTHONDONTWRITEBYTECODE": "1"}
    for _ in range(runs):
        result = subprocess.run([python, "-c", PROBE.format(snippet=snippet)], cwd=path,
                                env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            return (result.stderr.strip().splitlines() or ["failed"])[-1]
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        seconds.append(figures["seconds"])
        mib.append(figures["mib"])
    return statistics.median(seconds), statistics.median(mib)


Figures = tuple[float, float] | str


def anchor_of(row: Row) -> str:
    """The name of the row `row`'s ratio is against, "" for none."""
    return ANCHOR_ROW if row.anchor == "anchor" else row.anchor


def measure_rows(out: Path, unavailable: dict[str, str], python: str | None, sdk_note: str,
                 runs: int) -> dict[str, Figures]:
    """Row name -> (median seconds, median peak MiB), or why the row has no figures."""
    results: dict[str, Figures] = {}
    for row in ROWS:
        if row.package in unavailable:
            results[row.name] = unavailable[row.package]
        elif row.sdk and python is None:
            results[row.name] = sdk_note if sdk_note.startswith("not run") else \
                f"unavailable: {sdk_note}"
        else:
            results[row.name] = measure(python if row.sdk and python else sys.executable,
                                        row.snippet, out, runs)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sdk-venv", help="a venv with stripe and openai installed")
    parser.add_argument("--no-sdks", action="store_true", help="skip the official SDKs' rows")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="apigen-import-") as tmp:
        folder = Path(tmp)
        out = folder / "packages"
        out.mkdir()
        unavailable, compiled = generate(out)
        if args.no_sdks:
            python, sdk_note = None, "not run (--no-sdks)"
        else:
            python, sdk_note = sdk_python(folder, args.sdk_venv)
        load = os.getloadavg()[0]
        results = measure_rows(out, unavailable, python, sdk_note, args.runs)
        print(f"Import + client + one MockTransport call; median of {args.runs} fresh "
              f"interpreter(s) per row; bytecode precompiled: "
              f"{'yes (compileall)' if compiled else 'no (compileall failed)'}; Python "
              f"{sys.version.split()[0]}; {os.cpu_count()} cores; load average {load:.1f} at "
              f"the start, {os.getloadavg()[0]:.1f} at the end; SDKs: {sdk_note}.\n")
        print("| row | seconds | peak MiB | against | ratio |")
        print("| --- | ---: | ---: | --- | ---: |")
        for row in ROWS:
            figures = results[row.name]
            if isinstance(figures, str):
                print(f"| {row.name} | {figures} | - | - | - |")
                continue
            anchor = results.get(anchor_of(row))
            ratio = "-"
            if row.anchor and isinstance(anchor, tuple):
                ratio = f"{figures[0] / anchor[0]:.2f}x"
            against = anchor_of(row) or "-"
            print(f"| {row.name} | {figures[0]:.2f} | {figures[1]:.0f} | {against} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
