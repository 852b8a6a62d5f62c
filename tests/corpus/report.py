"""Run the whole corpus and write the table: `python tests/corpus/report.py [-j JOBS] [ID ...]`.

Writes `tests/corpus/CORPUS.md` (all documents; with IDs, only those rows are printed, nothing is
written). Same steps as `test_corpus.py`; documents run in parallel, biggest first.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]

from corpus_manifest import Entry, load_entries  # noqa: E402
from corpus_run import MYPY_TIMEOUT, Record, run_entry, shared_record  # noqa: E402

TWINS = {"stripe/spec3.yaml": "stripe/spec3.json"}
TABLE = HERE / "CORPUS.md"


REPORT_FUZZ_EXAMPLES = 20
"""schemathesis' valid requests per operation in the report (the test sends 3)."""


def _one(entry: Entry, work: Path, examples: int) -> Record:
    folder = work / entry.package
    folder.mkdir()
    return run_entry(entry, folder, mypy_cache=work / f"mypy-cache-{os.getpid()}",
                     fuzz_examples=examples)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def row(entry: Entry, record: Record) -> str:
    status = record.status + (f" ({record.warnings})" if record.warnings else "")
    failed = record.failed_calls()
    notes = [record.note] if record.note else []
    if record.message:
        notes.append(record.message if len(record.message) < 240
                     else record.message[:237] + "...")
    if record.imports not in ("", "ok"):
        notes.append(record.imports)
    notes += failed[:2]
    if record.numbered:
        shown = ", ".join(str(n) for n in record.numbered[:5])
        more = len(record.numbered) - 5
        notes.append(f"numbered: {shown}" + (f" and {more} more" if more > 0 else ""))
    role = "negative" if entry.negative else "production" if entry.production else (
        "added" if entry.added else "valid" if entry.valid else "invalid")
    notes += [f"schemathesis: {line}" for line in record.fuzz.get("failures", [])[:1]]
    numbered = "" if record.numbered is None else str(len(record.numbered))
    cells = [entry.id, role, f"{entry.size:,}", status, str(record.operations or "—"),
             record.imports if record.imports in ("", "ok") else "no", record.ruff,
             record.mypy, record.round_trip, record.fuzz_summary, numbered,
             f"{record.seconds:.1f}",
             f"{record.check_seconds:.1f}", "; ".join(notes)]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def summary(entries: list[Entry], records: dict[str, Record]) -> list[str]:
    statuses = Counter(records[e.id].status for e in entries)
    targets = [e for e in entries if e.must_work]
    ok = [e for e in targets if records[e.id].generated and records[e.id].round_trips]
    clean = [e for e in targets if records[e.id].fuzz_clean]
    negatives = [e for e in entries if e.negative]
    refused = [e for e in negatives if records[e.id].refused_located]
    generated = [records[e.id] for e in entries if records[e.id].generated]
    numbered = [r for r in generated if r.numbered]
    return [
        f"- documents: {len(entries)}; "
        + "; ".join(f"{status}: {n}" for status, n in sorted(statuses.items())),
        f"- targets (valid, production or added): {len(ok)}/{len(targets)} generate, import "
        "and round-trip (every operation, four ways); schemathesis finds nothing in "
        f"{len(clean)}/{len(targets)}",
        f"- negative documents refused with a located error (exit 2): "
        f"{len(refused)}/{len(negatives)}",
        f"- of {len(generated)} generated packages: imports ok "
        f"{sum(r.imports == 'ok' for r in generated)}, ruff clean "
        f"{sum(r.ruff == 'clean' for r in generated)}, mypy --strict clean "
        f"{sum(r.mypy == 'clean' for r in generated)} (skipped "
        f"{sum(r.mypy.startswith('skipped') for r in generated)}), all calls ok "
        f"{sum(r.round_trips for r in generated)}",
        f"- numbered class names (a counter where the spec wrote no digits): "
        f"{sum(len(r.numbered or ()) for r in generated)} in {len(numbered)} documents"
        + (f" ({', '.join(r.id for r in numbered)})" if numbered else ""),
    ]


def markdown(entries: list[Entry], records: dict[str, Record], seconds: float,
             examples: int) -> str:
    lines = [
        "# Corpus results",
        "",
        "Written by `python tests/corpus/report.py` (do not edit); `tests/corpus/test_corpus.py`"
        " asserts the targets. Each document of `../shared/corpus/MANIFEST.tsv` is generated "
        "(and of `MANIFEST-added.tsv`) is generated into a temp folder, then: imported in a "
        "fresh interpreter; `ruff check --select E,F,W,I` (tests/lint.py); "
        f"`mypy --strict` (skipped when over {MYPY_TIMEOUT} s); every operation called four "
        "ways (required arguments, all arguments, `body=` a model, `AsyncClient`) through the "
        "generated clients against the package's own `MockHandlers` under uvicorn on "
        "127.0.0.1 (`calls ok`); schemathesis' valid requests from the package's own "
        "`openapi.json` against the same server with four checks (not a server error, status "
        "code, content type and response schema conformance; `schemathesis`: operations that "
        "failed, or the cases sent); the classes of `models.py` whose names end in a counter "
        "rather than in digits the spec wrote (`numbered`, see `corpus_names.py`).",
        "",
        *summary(entries, records),
        f"- schemathesis: {examples} valid requests per operation",
        f"- wall time: {seconds:.0f} s",
        "",
        "| document | role | bytes | generation (warnings) | ops | imports | ruff | mypy "
        "--strict | calls ok | schemathesis | numbered | gen s | check s | notes |",
        "| --- | --- | ---: | --- | ---: | --- | --- | --- | --- | --- | ---: | ---: | ---: "
        "| --- |",
        *(row(e, records[e.id]) for e in entries),
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--examples", type=int, default=REPORT_FUZZ_EXAMPLES,
                        help="schemathesis' valid requests per operation (default "
                             f"{REPORT_FUZZ_EXAMPLES}; the gate test sends 3)")
    args = parser.parse_args()
    entries = load_entries()
    chosen = [e for e in entries if not args.ids or e.id in args.ids]
    by_id = {e.id: e for e in entries}
    run = [e for e in chosen if e.id not in TWINS]
    run += [by_id[TWINS[e.id]] for e in chosen if e.id in TWINS and by_id[TWINS[e.id]] not in run]
    started = time.perf_counter()
    records: dict[str, Record] = {}
    with tempfile.TemporaryDirectory(prefix="apigen-corpus-") as tmp, \
            ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = {e.id: pool.submit(_one, e, Path(tmp), args.examples)
                   for e in sorted(run, key=lambda e: -e.size)}
        for entry_id, future in futures.items():
            records[entry_id] = future.result()
            print(row(by_id[entry_id], records[entry_id]), file=sys.stderr, flush=True)
    for entry in chosen:
        if entry.id in TWINS:
            records[entry.id] = shared_record(entry, records[TWINS[entry.id]])
    seconds = time.perf_counter() - started
    if args.ids:
        print("\n".join(row(e, records[e.id]) for e in chosen))
        return 0
    TABLE.write_text(markdown(chosen, records, seconds, args.examples), encoding="utf-8")
    print("\n".join(summary(chosen, records)))
    print(f"wrote {TABLE.relative_to(HERE.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
