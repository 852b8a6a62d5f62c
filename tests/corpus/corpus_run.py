"""One corpus document through apigen and every check on its output, as a `Record`.

Generation runs the pipeline in-process (the CLI's own code path, minus argument parsing); a
refusal is confirmed through the CLI entry point (exit 2). The package is then checked from the
outside: `ruff check` (E, F, W, I at 88 columns: tests/lint.py), `mypy --strict` (within
`MYPY_TIMEOUT`), `corpus_smoke.py` in a fresh interpreter (import, then every operation called
four ways through the generated clients against the package's own mock server under
uvicorn), and its class names (`corpus_names.py`: which are numbered).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_calls import plan_calls
from corpus_manifest import Entry
from corpus_names import Numbered, numbered_in_package

from generator.config import Target
from generator.diagnostics import Diagnostic, GenerationError, Level
from generator.output.emit import write_package
from generator.pipeline import generate_target
from generator.prepare.read_write import split_read_write
from generator.spec.load import load_spec

if str(Path(__file__).resolve().parent.parent) not in sys.path:  # tests/, for a script run
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lint import ruff_findings

HERE = Path(__file__).resolve().parent
FUZZ_EXAMPLES = int(os.environ.get("APIGEN_CORPUS_FUZZ_EXAMPLES", "3"))
"""schemathesis' valid requests per operation (`corpus_fuzz.py`): a count, not a time, so the
same package always meets the same requests."""
MYPY_TIMEOUT = 300
"""Seconds mypy --strict may take on one package; beyond, it is recorded as skipped."""
SUBPROCESS_TIMEOUT = 600


@dataclass
class Record:
    """What happened to one document. Empty strings mean "not reached"."""

    id: str
    size: int
    validation: str
    status: str = ""
    """`generated`, `generated with warnings`, `refused (located)`, `refused (not located)`
    or `crashed`."""
    warnings: int = 0
    message: str = ""
    """The (last) error of a refusal, or the traceback tail of a crash."""
    exit_code: int | None = None
    """The CLI's exit code, for refusals."""
    imports: str = ""
    ruff: str = ""
    mypy: str = ""
    calls: list[dict[str, Any]] = field(default_factory=list)
    fuzz: dict[str, Any] = field(default_factory=dict)
    """What `corpus_fuzz.py` reported: operations, cases, failures (empty: not run)."""
    numbered: list[Numbered] | None = None
    """The class names of `models.py` that end in a counter (None: not generated)."""
    operations: int = 0
    seconds: float = 0.0
    """Generation time."""
    check_seconds: float = 0.0
    """Time of the checks: smoke calls, ruff and mypy."""
    note: str = ""
    details: dict[str, str] = field(default_factory=dict)
    """Tool output kept for failure messages (not in the table)."""

    @property
    def generated(self) -> bool:
        return self.status.startswith("generated")

    @property
    def refused_located(self) -> bool:
        return self.status == "refused (located)" and self.exit_code == 2

    @property
    def round_trip(self) -> str:
        if not self.generated or self.imports != "ok":
            return ""
        if not self.calls:
            return "n/a (no operations)"
        good = sum(1 for c in self.calls if c["ok"])
        return f"{good}/{len(self.calls)}"

    @property
    def round_trips(self) -> bool:
        return self.imports == "ok" and all(c["ok"] for c in self.calls)

    @property
    def numbered_avoidable(self) -> list[str]:
        """Numbered names a path-derived name could have replaced."""
        return [n.name for n in self.numbered or () if n.avoidable]

    @property
    def fuzz_summary(self) -> str:
        if not self.fuzz:
            return ""
        if "crash" in self.fuzz:
            return "run failed"
        failed = self.fuzz.get("failed_operations", 0)
        return (f"{failed} operation(s) failed" if failed
                else f"ok ({self.fuzz.get('cases', 0)} cases)")

    @property
    def fuzz_clean(self) -> bool:
        return bool(self.fuzz) and "crash" not in self.fuzz and not self.fuzz.get("failures")

    def fuzz_clean_beyond(self, operations: set[str]) -> bool:
        """True when schemathesis ran and failed no operation outside `operations`
        (`METHOD /path` labels)."""
        return bool(self.fuzz) and "crash" not in self.fuzz \
            and set(self.fuzz.get("failed_labels", ["?"])) <= operations

    def failed_calls(self) -> list[str]:
        return [f"{c['operation_id']} [{c.get('way', 'required')}]: {c['error']}"
                for c in self.calls if not c["ok"]]


def _located(diagnostic: Diagnostic) -> bool:
    return diagnostic.line is not None and (
        diagnostic.pointer is not None or diagnostic.message.startswith("invalid ")
    )


def _cli_exit_code(spec: Path, output: Path, root: Path, *, strict: bool = False) -> int:
    from generator.cli import main

    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        return main(["generate", str(spec), "--output", str(output), "-q", "--formatter", "ruff",
                     "--ref-root", str(root), *(["--strict"] if strict else [])])


def generate(entry: Entry, work: Path, record: Record) -> Any:
    """Generate `entry` into `work/<package>`; returns the IR (None unless generated)."""
    started = time.perf_counter()
    # ruff's formatter: what is checked here (generation, import, lint, types, round trip) does
    # not depend on the formatter, and black would make this run minutes longer (Stripe alone
    # is about 50 s of black). Black's output is covered by the seed and golden tests.
    target = Target(spec=entry.path, package=entry.package, output=work, formatter="ruff",
                    ref_roots=(entry.folder,))
    try:
        # A document with errors is judged under --strict: without it, what has a
        # sensible reading (a dangling $ref inside one operation) is skipped with a warning.
        result = generate_target(target, root=entry.path.parent, strict=entry.negative)
    except GenerationError as exc:
        errors = [d for d in exc.diagnostics if d.level is Level.ERROR]
        last = errors[-1] if errors else None
        record.status = "refused (located)" if last and _located(last) else "refused (not located)"
        record.message = last.format() if last else str(exc)
        record.exit_code = _cli_exit_code(entry.path, work / "cli", entry.folder,
                                          strict=entry.negative)
        return None
    except Exception as exc:  # a crash is a finding, recorded rather than raised
        import traceback

        record.status = "crashed"
        record.message = "".join(traceback.format_exception(exc))[-1500:]
        return None
    finally:
        record.seconds = round(time.perf_counter() - started, 1)
    write_package(result.package, target.directory)
    record.warnings = sum(1 for d in result.diagnostics if d.level is Level.WARNING)
    record.status = "generated with warnings" if record.warnings else "generated"
    record.operations = len(result.api.operations)
    return result.api


def _run(args: list[str], cwd: Path, timeout: int = SUBPROCESS_TIMEOUT
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False,
                          timeout=timeout)


def ruff(work: Path, package: str, record: Record) -> None:
    """The rule for all generated code (`tests/lint.py`: E, F, W and I at 88 columns, a line
    nothing could break excepted) on a corpus package."""
    findings = ruff_findings([package], cwd=work)
    record.ruff = "clean" if not findings else f"{len(findings)} finding(s)"
    if findings:
        record.details["ruff"] = "\n".join(findings[:20])


def fuzz(work: Path, package: str, record: Record, examples: int = FUZZ_EXAMPLES) -> None:
    done = _run([sys.executable, str(HERE / "corpus_fuzz.py"), str(work), package,
                 str(examples)], work)
    try:
        record.fuzz = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        record.fuzz = {"crash": (done.stdout + done.stderr)[-3000:]}
    if record.fuzz.get("failures") or "crash" in record.fuzz:
        record.details["schemathesis"] = "\n".join(
            record.fuzz.get("failures") or [record.fuzz.get("crash", "")])


def mypy(work: Path, package: str, record: Record, cache: Path) -> None:
    try:
        done = _run([sys.executable, "-m", "mypy", "--strict", "--config-file", os.devnull,
                     "--cache-dir", str(cache), "--no-error-summary", "-p", package], work,
                    timeout=MYPY_TIMEOUT)
    except subprocess.TimeoutExpired:
        record.mypy = f"skipped (over {MYPY_TIMEOUT} s)"
        return
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    record.mypy = "clean" if done.returncode == 0 else f"{len(errors)} error(s)"
    if done.returncode:
        record.details["mypy"] = "\n".join(errors[:20]) or (done.stdout + done.stderr)[-2000:]


def smoke(work: Path, package: str, api: Any, record: Record) -> None:
    data = json.loads((work / package / "openapi.json").read_text(encoding="utf-8"))
    # Arguments travel in requests: their samples come from the request shapes (no readOnly
    # property, which a request model may forbid), as the generated models see them.
    split_read_write(data)
    plan = [call.to_json() for call in plan_calls(api, data)]
    plan_file = work / f"{package}.plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    done = _run([sys.executable, str(HERE / "corpus_smoke.py"), str(work), package,
                 str(plan_file)], work)
    try:
        outcome = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        record.imports = "smoke run failed"
        record.details["smoke"] = (done.stdout + done.stderr)[-3000:]
        return
    record.imports = outcome["imports"]
    record.calls = outcome["calls"]


def class_names(work: Path, package: str, entry: Entry, record: Record) -> None:
    record.numbered = numbered_in_package(work / package / "models.py", entry.path)


def run_entry(entry: Entry, work: Path, *, mypy_cache: Path,
              fuzz_examples: int = FUZZ_EXAMPLES) -> Record:
    """Every step for one document; later steps only when earlier ones succeed."""
    record = Record(id=entry.id, size=entry.size, validation=entry.validation)
    api = generate(entry, work, record)
    if api is None:
        return record
    started = time.perf_counter()
    class_names(work, entry.package, entry, record)
    smoke(work, entry.package, api, record)
    ruff(work, entry.package, record)
    if record.imports == "ok":
        fuzz(work, entry.package, record, fuzz_examples)
        mypy(work, entry.package, record, mypy_cache)
    record.check_seconds = round(time.perf_counter() - started, 1)
    return record


def same_document(entry: Entry, twin: Entry) -> bool:
    """True when two entries load to the same bundled document (stripe's YAML and JSON)."""
    return load_spec(entry.path).data == load_spec(twin.path).data


def shared_record(entry: Entry, twin: Record) -> Record:
    """`twin`'s outcome for `entry`, a document `same_document` proved identical to it: the
    pipeline after loading depends only on the loaded data, so its output is the same (bar the
    header naming the source file)."""
    record = Record(**{**twin.__dict__, "id": entry.id, "size": entry.size,
                       "validation": entry.validation, "seconds": 0.0})
    record.note = f"same document as {twin.id}: its results"
    return record
