"""What one benchmark run measured, and what it means: medians, the issue's targets, scaling."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from measure import Run

COLD, WARM_EDIT, WARM_NOCHANGE = "cold", "warm-edit", "warm-nochange"
MODES = (COLD, WARM_EDIT, WARM_NOCHANGE)
APIGEN = "apigen"
RUFF_VARIANT = "apigen --formatter ruff"
FCG, OGC = "fastapi-code-generator", "openapi-generator-cli"


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass
class Cell:
    """Every repetition of one tool on one workload in one mode."""

    workload: str
    tool: str
    mode: str
    runs: list[Run] = field(default_factory=list)
    rewritten: list[int] = field(default_factory=list)
    """Per run: files added, removed or with a new mtime (warm modes only)."""
    files: int = 0
    """Files in the output after the last run (all tools: how much each one writes)."""
    failure: str | None = None

    @property
    def seconds(self) -> float | None:
        return None if self.failure else _median([r.seconds for r in self.runs])

    @property
    def best_seconds(self) -> float | None:
        """The fastest run: less sensitive than the median to other work on the machine."""
        return None if self.failure or not self.runs else min(r.seconds for r in self.runs)

    @property
    def peak_mib(self) -> float | None:
        """Median of each run's larger memory figure (see measure.py)."""
        return None if self.failure else _median([max(r.rss_mib, r.tree_mib) for r in self.runs])


@dataclass(frozen=True)
class ClientOverhead:
    operation: str
    bare_us: float
    client_us: float
    ratio: float


@dataclass(frozen=True)
class ImportRow:
    """One row of import_speed.py: import + client + one call in a fresh interpreter."""

    name: str
    seconds: float | None
    mib: float | None
    anchor: str
    """The row its ratio is against ("" for none)."""
    failure: str | None = None


@dataclass(frozen=True)
class Volume:
    """The Python files one tool wrote for one workload (volume.py)."""

    workload: str
    tool: str
    files: int
    bytes: int
    tokens: int


@dataclass
class Results:
    machine: dict[str, str]
    settings: dict[str, object]
    tools: dict[str, str]
    """Tool name -> version, or `unavailable: <reason>`."""
    cells: dict[tuple[str, str, str], Cell] = field(default_factory=dict)
    stripe_package: dict[str, str] = field(default_factory=dict)
    client_overhead: list[ClientOverhead] = field(default_factory=list)
    client_overhead_error: str | None = None
    imports: list[ImportRow] = field(default_factory=list)
    imports_note: str = "not run"
    """How the import rows were measured: runs, bytecode, SDK versions (or why not run)."""
    volumes: list[Volume] = field(default_factory=list)
    spec_sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Workload -> (operations, component schemas) of its specs: the per-unit denominators."""

    def cell(self, workload: str, tool: str, mode: str) -> Cell:
        key = (workload, tool, mode)
        if key not in self.cells:
            self.cells[key] = Cell(workload, tool, mode)
        return self.cells[key]

    def find(self, workload: str, tool: str, mode: str = COLD) -> Cell | None:
        return self.cells.get((workload, tool, mode))


@dataclass(frozen=True)
class Target:
    name: str
    limit: str
    measured: str
    passed: bool | None
    """None: could not be checked in this run (input skipped, peer not run or failing)."""


def seconds_target(results: Results, name: str, workload: str, mode: str,
                   limit: float) -> Target:
    cell, bound = results.find(workload, APIGEN, mode), f"<= {limit:g} s"
    if cell is None:
        return Target(name, bound, "not run", None)
    if cell.seconds is None:
        return Target(name, bound, cell.failure or "no successful run", False)
    return Target(name, bound, f"{cell.seconds:.2f} s", cell.seconds <= limit)


def ratio_target(results: Results, name: str, workload: str, tool: str, peer: str,
                 limit: float) -> Target:
    """`tool`'s median cold time on `workload` over `peer`'s, both from this run."""
    ours, theirs = results.find(workload, tool), results.find(workload, peer)
    bound = f"<= {limit}x"
    if ours is None or ours.seconds is None:
        return Target(name, bound, f"{tool} not measured", None)
    if theirs is None:
        return Target(name, bound, "peer not run (use --peers)", None)
    if theirs.seconds is None:
        return Target(name, bound, f"peer {theirs.failure}", None)
    ratio = ours.seconds / theirs.seconds
    return Target(name, bound, f"{ratio:.2f}x ({ours.seconds:.2f} s / {theirs.seconds:.2f} s)",
                  ratio <= limit)


def _nochange_target(results: Results) -> Target:
    cell = results.find("stripe", APIGEN, WARM_NOCHANGE)
    name = "Stripe warm-nochange: nothing rewritten"
    if cell is None or not cell.rewritten:
        return Target(name, "0 files", "not run", None)
    worst = max(cell.rewritten)
    return Target(name, "0 files", f"{worst} file(s) with a new mtime", worst == 0)


def _memory_target(results: Results, limit: float) -> Target:
    cell = results.find("stripe", APIGEN)
    if cell is None or cell.peak_mib is None:
        return Target("Stripe cold: peak memory", f"<= {limit:g} MiB", "not run", None)
    return Target("Stripe cold: peak memory", f"<= {limit:g} MiB", f"{cell.peak_mib:.0f} MiB",
                  cell.peak_mib <= limit)


def _client_target(results: Results, limit: float) -> Target:
    name = "Client per-call overhead vs bare httpx"
    if not results.client_overhead:
        return Target(name, f"<= {limit}x", results.client_overhead_error or "not run", None)
    worst = max(results.client_overhead, key=lambda c: c.ratio)
    return Target(name, f"<= {limit}x", f"{worst.ratio:.2f}x (worst: {worst.operation})",
                  worst.ratio <= limit)


def _package_target(results: Results, check: str) -> Target:
    name = f"Generated Stripe package: {check}"
    outcome = results.stripe_package.get(check)
    if outcome is None:
        return Target(name, "clean", "not run", None)
    return Target(name, "clean", outcome, outcome.startswith("ok"))


def targets(results: Results) -> list[Target]:
    """The targets of issue 7 that issue 16 does not supersede, in issue 7's order. Retired:
    Stripe cold against the peers (both formatters), Stripe warm-nochange <= 0.5 s and both
    seed specs cold <= 2 s, which issue 16 restates with its own limits (targets16.py)."""
    return [
        seconds_target(results, "Stripe warm-edit", "stripe", WARM_EDIT, 2.0),
        _nochange_target(results),
        _memory_target(results, 600),
        _package_target(results, "import"),
        _package_target(results, "ruff check"),
        _client_target(results, 1.5),
    ]


@dataclass(frozen=True)
class ScalePoint:
    schemas: int
    cold_s: float
    warm_edit_s: float | None
    ms_per_schema: float | None
    """Marginal cost: time added per schema since the previous point."""


@dataclass(frozen=True)
class Scaling:
    points: list[ScalePoint]

    @property
    def growth(self) -> tuple[int, int, float] | None:
        """(N1, N2, time(N2) / time(N1)) for the two largest N: linear when at most N2 / N1."""
        if len(self.points) < 2:
            return None
        small, large = self.points[-2], self.points[-1]
        return small.schemas, large.schemas, large.cold_s / small.cold_s

    @property
    def superlinear(self) -> bool:
        growth = self.growth
        return growth is not None and growth[2] > growth[1] / growth[0]


def scaling(results: Results) -> Scaling:
    """apigen's cold time against N over the synthetic workloads."""
    measured = sorted(
        (int(c.workload.removeprefix("synthetic-")), c.seconds)
        for c in results.cells.values()
        if c.tool == APIGEN and c.mode == COLD and c.workload.startswith("synthetic-")
        and c.seconds is not None
    )
    points: list[ScalePoint] = []
    for i, (count, seconds) in enumerate(measured):
        edit = results.find(f"synthetic-{count}", APIGEN, WARM_EDIT)
        slope = None
        if i:
            prev_count, prev_seconds = measured[i - 1]
            slope = 1000 * (seconds - prev_seconds) / (count - prev_count)
        points.append(ScalePoint(count, seconds, edit.seconds if edit else None, slope))
    return Scaling(points)
