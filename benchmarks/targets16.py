"""The targets of issue 16, each against an anchor measured in the same run.

Import rows come from import_speed.py's measurement (`Results.imports`), generation rows from
the timed cells. Where issue 16 and issue 7 set a limit on the same thing (Stripe cold against
the peers, no-op regeneration, both seed specs cold), issue 16's limit is the one checked:
results.targets() keeps only issue 7's other rows.
"""

from __future__ import annotations

from import_speed import ANCHOR_ROW, SERVER_ROW, STRIPE_ROW
from results import (
    APIGEN,
    FCG,
    OGC,
    RUFF_VARIANT,
    WARM_NOCHANGE,
    ImportRow,
    Results,
    Target,
    ratio_target,
    seconds_target,
)

MB_PER_MIB = 1024 * 1024 / 1_000_000
NO_LIMIT = "none (reported)"
SEED_SUFFIX = "(seed)"


def _row(results: Results, name: str) -> ImportRow | None:
    return next((row for row in results.imports if row.name == name), None)


def _unmeasured(results: Results, row: ImportRow | None) -> tuple[str, bool | None] | None:
    """Why a row has no figures, and the verdict that follows: a generated package that was
    measured and failed is a FAIL; a row that was not run or could not be set up is n/a."""
    if row is None:
        return ("not run" if results.imports else results.imports_note), None
    if row.failure is not None:
        skipped = row.failure.startswith(("unavailable", "not run"))
        return row.failure, None if skipped else False
    return None


def import_ratio(results: Results, name: str, row_name: str, limit: float) -> Target:
    """Row `row_name`'s seconds over its anchor's (the row named in its `anchor`)."""
    bound, row = f"<= {limit}x", _row(results, row_name)
    if (missing := _unmeasured(results, row)) is not None:
        return Target(name, bound, *missing)
    assert row is not None and row.seconds is not None
    anchor = _row(results, row.anchor)
    if anchor is None or anchor.seconds is None:
        why = anchor.failure if anchor is not None and anchor.failure else "not run"
        return Target(name, bound, f"anchor {row.anchor}: {why}", None)
    ratio = row.seconds / anchor.seconds
    return Target(name, bound, f"{ratio:.2f}x ({row.seconds:.2f} s / {anchor.seconds:.2f} s)",
                  ratio <= limit)


def import_memory(results: Results, name: str, row_name: str, limit_mb: float) -> Target:
    bound, row = f"<= {limit_mb:g} MB", _row(results, row_name)
    if (missing := _unmeasured(results, row)) is not None:
        return Target(name, bound, *missing)
    assert row is not None and row.mib is not None
    mb = row.mib * MB_PER_MIB
    return Target(name, bound, f"{mb:.0f} MB ({row.mib:.0f} MiB peak RSS)", mb <= limit_mb)


def reported(results: Results, name: str, row_name: str) -> Target:
    """A row with no limit: its figures, shown among the targets because the issue asks."""
    row = _row(results, row_name)
    if (missing := _unmeasured(results, row)) is not None:
        return Target(name, NO_LIMIT, missing[0], missing[1])
    assert row is not None and row.seconds is not None and row.mib is not None
    return Target(name, NO_LIMIT, f"{row.seconds:.2f} s, {row.mib:.0f} MiB peak RSS", None)


def targets16(results: Results) -> list[Target]:
    """Issue 16's rows, in its order."""
    seeds = [row.name for row in results.imports if row.name.endswith(SEED_SUFFIX)]
    return [
        import_ratio(results, "Generated Stripe package: import + Client + one call / stripe "
                     "SDK", STRIPE_ROW, 1.5),
        import_memory(results, "Generated Stripe package: import + Client + one call, peak "
                      "memory", STRIPE_ROW, 100),
        *(import_ratio(results, f"{name}: import + Client + one call / {ANCHOR_ROW}", name,
                       1.2) for name in seeds or ["seed packages"]),
        reported(results, "Generated Stripe server: create_app(MockHandlers())", SERVER_ROW),
        ratio_target(results, "Both seed specs cold: apigen / fastapi-code-generator",
                     "seeds", APIGEN, FCG, 1.0),
        seconds_target(results, "No-op regeneration (warm-nochange): seeds", "seeds",
                       WARM_NOCHANGE, 0.3),
        seconds_target(results, "No-op regeneration (warm-nochange): Stripe", "stripe",
                       WARM_NOCHANGE, 0.3),
        ratio_target(results, "Stripe cold, black: apigen / fastapi-code-generator",
                     "stripe", APIGEN, FCG, 1.0),
        ratio_target(results, "Stripe cold: apigen --formatter ruff / openapi-generator-cli",
                     "stripe", RUFF_VARIANT, OGC, 1.0),
    ]
