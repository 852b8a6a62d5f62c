"""Results as Markdown (printed, written to results/latest.md and the README) and JSON."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from measure import Run
from results import (
    MODES,
    Cell,
    ClientOverhead,
    ImportRow,
    Results,
    Scaling,
    Target,
    Volume,
    scaling,
    targets,
)
from targets16 import NO_LIMIT, targets16

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


def verdict(target: Target) -> str:
    if target.limit == NO_LIMIT and target.passed is None:
        return "reported" if not target.measured.startswith(("not run", "unavailable")) \
            else "n/a"
    return VERDICT[target.passed]


def targets_table(checked: list[Target]) -> list[str]:
    lines = ["| target | limit | measured | result |", "| --- | --- | --- | --- |"]
    return lines + [f"| {t.name} | {t.limit} | {t.measured} | {verdict(t)} |" for t in checked]


def import_lines(results: Results) -> list[str]:
    if not results.imports:
        return [f"Not measured: {results.imports_note}."]
    figures = {row.name: row for row in results.imports}
    lines = [f"Import + `Client(...)` + one call through `httpx.MockTransport`, "
             f"{results.imports_note}.", "",
             "| row | seconds | peak MiB | against | ratio |", "| --- | ---: | ---: | --- | ---: |"]
    for row in results.imports:
        if row.seconds is None or row.mib is None:
            lines.append(f"| {row.name} | {row.failure} | - | - | - |")
            continue
        anchor = figures.get(row.anchor)
        ratio = (f"{row.seconds / anchor.seconds:.2f}x"
                 if anchor is not None and anchor.seconds else "-")
        lines.append(f"| {row.name} | {row.seconds:.2f} | {row.mib:.0f} "
                     f"| {row.anchor or '-'} | {ratio} |")
    return lines


def _per(total: int, count: int) -> str:
    return "-" if count <= 0 else f"{total / count:,.0f}"


def volume_lines(results: Results) -> list[str]:
    if not results.volumes:
        return ["Not measured (neither the seeds nor Stripe ran)."]
    sizes = "; ".join(f"{name}: {ops} operations, {models} component schemas"
                      for name, (ops, models) in results.spec_sizes.items())
    lines = [f"`.py` files of each tool's cold output; tokens: Python tokenizer tokens "
             f"without layout ones; per operation / per model: divided by the input's "
             f"count ({sizes}).", "",
             "| input | tool | .py files | bytes | tokens | bytes / op | tokens / op "
             "| bytes / model | tokens / model |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for v in results.volumes:
        ops, models = results.spec_sizes.get(v.workload, (0, 0))
        lines.append(f"| {v.workload} | {v.tool} | {v.files} | {v.bytes:,} | {v.tokens:,} "
                     f"| {_per(v.bytes, ops)} | {_per(v.tokens, ops)} "
                     f"| {_per(v.bytes, models)} | {_per(v.tokens, models)} |")
    return lines


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
        f"{settings['load_start']} at the start, {settings['load_end']} at the end; "
        f"bytecode of the generated packages precompiled: "
        f"{settings.get('bytecode_precompiled', 'not measured')}.",
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
        "**Targets (issue 16)** (ratios against anchors measured in this run)",
        "",
        *targets_table(targets16(results)),
        "",
        "**Targets (issue 7)**: the rows issue 16 does not supersede (it restates Stripe cold "
        "against the peers, no-op regeneration and both seed specs cold with its own limits).",
        "",
        *targets_table(targets(results)),
        "",
        "**Import + client + one call** (`benchmarks/import_speed.py`'s rows)",
        "",
        *import_lines(results),
        "",
        "**Generated volume**",
        "",
        *volume_lines(results),
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
        "targets16": [dataclasses.asdict(t) for t in targets16(results)],
        "targets": [dataclasses.asdict(t) for t in targets(results)],
        "imports": [dataclasses.asdict(row) for row in results.imports],
        "imports_note": results.imports_note,
        "volumes": [dataclasses.asdict(v) for v in results.volumes],
        "spec_sizes": results.spec_sizes,
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
        imports=[ImportRow(**row) for row in data.get("imports", [])],
        imports_note=data.get("imports_note", "not run"),
        volumes=[Volume(**v) for v in data.get("volumes", [])],
        spec_sizes={k: (v[0], v[1]) for k, v in data.get("spec_sizes", {}).items()},
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
