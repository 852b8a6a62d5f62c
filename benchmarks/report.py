"""Results as Markdown (printed, written to results/latest.md and the README) and JSON."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from measure import Run
from results import MODES, Cell, ClientOverhead, Results, Scaling, Target, scaling, targets

README_START = "<!-- benchmark:start -->"
README_END = "<!-- benchmark:end -->"
VERDICT = {True: "pass", False: "**FAIL**", None: "n/a"}


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _note(cell: Cell) -> str:
    if cell.failure:
        return ""
    if not cell.rewritten:
        return f"{cell.files} files out" if cell.files else ""
    worst = max(cell.rewritten)
    return "mtimes untouched" if worst == 0 else f"{worst} of {cell.files} files rewritten"


def _row(cell: Cell) -> str:
    if cell.failure:
        return f"| {cell.workload} | {cell.tool} | {cell.mode} | {cell.failure} | - | - | |"
    return (f"| {cell.workload} | {cell.tool} | {cell.mode} | {_number(cell.seconds)} "
            f"| {_number(cell.best_seconds)} | {_number(cell.peak_mib, 0)} | {_note(cell)} |")


def _order(results: Results) -> list[Cell]:
    workloads = list(dict.fromkeys(c.workload for c in results.cells.values()))
    tools = list(dict.fromkeys(c.tool for c in results.cells.values()))
    return sorted(results.cells.values(), key=lambda c: (
        workloads.index(c.workload), MODES.index(c.mode), tools.index(c.tool)))


def measurements_table(results: Results) -> list[str]:
    lines = ["| input | tool | run | median (s) | best (s) | peak MiB | note |",
             "| --- | --- | --- | ---: | ---: | ---: | --- |"]
    return lines + [_row(cell) for cell in _order(results)]


def targets_table(checked: list[Target]) -> list[str]:
    lines = ["| target | limit | measured | result |", "| --- | --- | --- | --- |"]
    return lines + [f"| {t.name} | {t.limit} | {t.measured} | {VERDICT[t.passed]} |"
                    for t in checked]


def scaling_lines(curve: Scaling) -> list[str]:
    if not curve.points:
        return ["No synthetic workload was measured."]
    lines = ["| schemas (N) | cold (s) | warm-edit (s) | ms per added schema |",
             "| ---: | ---: | ---: | ---: |"]
    lines += [f"| {p.schemas} | {p.cold_s:.2f} | {_number(p.warm_edit_s)} "
              f"| {_number(p.ms_per_schema, 1)} |" for p in curve.points]
    if curve.growth is not None:
        small, large, ratio = curve.growth
        verdict = "**super-linear**" if curve.superlinear else "linear or better"
        lines += ["", f"time({large}) / time({small}) = {ratio:.2f} "
                      f"(linear: {large / small:g}): {verdict}."]
    return lines


def client_lines(results: Results) -> list[str]:
    if not results.client_overhead:
        return [f"Not measured: {results.client_overhead_error or 'skipped'}."]
    lines = ["| operation | bare httpx (us) | generated client (us) | ratio |",
             "| --- | ---: | ---: | ---: |"]
    return lines + [f"| {c.operation} | {c.bare_us:.1f} | {c.client_us:.1f} | {c.ratio:.2f}x |"
                    for c in results.client_overhead]


def machine_line(results: Results) -> str:
    m = results.machine
    return (f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM, {m['os']}; "
            f"Python {m['python']}; apigen {m['apigen']} (snapshot); Java: {m['java']}.")


def _changed_warning(results: Results) -> list[str]:
    end = results.settings.get("apigen_end")
    if end is None or end == results.machine["apigen"]:
        return []
    return ["", f"The checkout changed during the run (now {end}); the numbers are those of "
                "the snapshot taken at the start."]


def markdown(results: Results) -> str:
    settings = results.settings
    tools = ", ".join(f"{name} {version}" for name, version in results.tools.items())
    package = "; ".join(f"{k}: {v}" for k, v in results.stripe_package.items()) or "not checked"
    lines = [
        f"Measured {settings['date']} with `{settings['command']}`: median of "
        f"{settings['repeat']} whole-process run(s) per cell, tools alternating; load average "
        f"{settings['load_start']} at the start, {settings['load_end']} at the end.",
        "",
        machine_line(results),
        *_changed_warning(results),
        "",
        f"Tools: {tools}.",
        "",
        *measurements_table(results),
        "",
        "Targets use the median; on this shared 2-core machine other work (see the load "
        "average) can double a run, so compare with the best run too. "
        "cold: fresh output folder and empty cache; warm-edit: same output after appending to "
        "one schema's description; warm-nochange: once more with no change. peak MiB: the "
        "larger of the biggest process's peak RSS and the sampled peak of the whole process "
        "tree's summed PSS.",
        "",
        "**Targets (issue 7)**",
        "",
        *targets_table(targets(results)),
        "",
        "The targets are for the default formatter, black; the `--formatter ruff` rows apply the "
        "same limits to the faster option for comparison.",
        "",
        "**Scaling** (apigen, cold, synthetic specs)",
        "",
        *scaling_lines(scaling(results)),
        "",
        f"**Generated Stripe package**: {package}.",
        "",
        "**Client per-call overhead** (`benchmarks/client_overhead.py`)",
        "",
        *client_lines(results),
    ]
    return "\n".join(lines) + "\n"


def to_json(results: Results) -> dict[str, Any]:
    curve = scaling(results)
    return {
        "machine": results.machine,
        "settings": results.settings,
        "tools": results.tools,
        "cells": [
            {**dataclasses.asdict(cell), "median_seconds": cell.seconds,
             "best_seconds": cell.best_seconds,
             "median_peak_mib": cell.peak_mib}
            for cell in _order(results)
        ],
        "targets": [dataclasses.asdict(t) for t in targets(results)],
        "scaling": {"points": [dataclasses.asdict(p) for p in curve.points],
                    "growth": curve.growth, "superlinear": curve.superlinear},
        "stripe_package": results.stripe_package,
        "client_overhead": [dataclasses.asdict(c) for c in results.client_overhead],
        "client_overhead_error": results.client_overhead_error,
    }


def from_json(data: dict[str, Any]) -> Results:
    """The inverse of to_json, to re-render a saved run (`run.py --render latest.json`)."""
    results = Results(
        machine=data["machine"], settings=data["settings"], tools=data["tools"],
        stripe_package=data["stripe_package"],
        client_overhead=[ClientOverhead(**c) for c in data["client_overhead"]],
        client_overhead_error=data["client_overhead_error"],
    )
    for saved in data["cells"]:
        cell = results.cell(saved["workload"], saved["tool"], saved["mode"])
        cell.runs = [Run(**run) for run in saved["runs"]]
        cell.rewritten, cell.files = saved["rewritten"], saved["files"]
        cell.failure = saved["failure"]
    return results


def update_readme(readme: Path, body: str) -> None:
    """Replace what lies between the benchmark markers of the README's Performance section."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise SystemExit(f"{readme}: markers {README_START} ... {README_END} not found")
    head, tail = text[: start + len(README_START)], text[end:]
    readme.write_text(f"{head}\n{body}{tail}", encoding="utf-8")
