"""How much code a generator wrote: Python files, bytes and tokens, per operation and model.

Less generated code is less to format, import and read, so the report sets each tool's volume
beside its time. Only `.py` files count (tokens are those of Python's own tokenizer, without
the layout-only ones: NEWLINE, NL, INDENT, DEDENT, ENCODING, ENDMARKER); docs, tests' data
and other files a peer writes are left out. The per-unit figures divide by the input specs'
operations (path + method) and component schemas, the same denominators for every tool.
"""

from __future__ import annotations

import io
import json
import tokenize
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from results import Results, Volume

LAYOUT = {tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING,
          tokenize.ENDMARKER}
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
MEASURED = ("seeds", "stripe")
"""The workloads whose output is measured (the issue asks for Stripe and the seeds)."""


def python_tokens(source: str) -> int:
    """Tokens of `source` other than layout; a file that does not tokenize counts 0."""
    try:
        return sum(1 for token in tokenize.generate_tokens(io.StringIO(source).readline)
                   if token.type not in LAYOUT)
    except (tokenize.TokenError, SyntaxError):
        return 0


def measure(workload: str, tool: str, folder: Path) -> Volume:
    files = sorted(folder.rglob("*.py"))
    texts = [path.read_bytes() for path in files]
    return Volume(workload, tool, files=len(files), bytes=sum(len(t) for t in texts),
                  tokens=sum(python_tokens(t.decode("utf-8", errors="replace"))
                             for t in texts))


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def spec_size(specs: Iterable[Path]) -> tuple[int, int]:
    """(operations, component schemas) summed over `specs`."""
    operations = schemas = 0
    for spec in specs:
        data = _load(spec)
        for item in (data.get("paths") or {}).values():
            if isinstance(item, dict):
                operations += sum(1 for key in item if key in METHODS)
        schemas += len((data.get("components") or {}).get("schemas") or {})
    return operations, schemas


def record(results: Results, workload: str, tool: str, specs: Iterable[Path],
           output: Path) -> None:
    """Measure `tool`'s output on `workload` once per run (the first successful cold run)."""
    if workload not in MEASURED or not output.is_dir():
        return
    if any(v.workload == workload and v.tool == tool for v in results.volumes):
        return
    if workload not in results.spec_sizes:
        results.spec_sizes[workload] = spec_size(specs)
    results.volumes.append(measure(workload, tool, output))
