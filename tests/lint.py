"""One lint rule for generated code, shared by every test that checks a generated package:
`ruff check --isolated --select E,F,W,I` (ruff's defaults for everything else, so 88 columns).

A line over 88 columns is a finding unless nothing on it can be broken: the formatter breaks
code wherever it can, and apigen's prose pass (`generator/output/wrap.py`) breaks comments,
docstrings and string literals at their spaces. What is left is a line made only of
identifiers, punctuation and space-free strings (a 60-character property name used as a key
and as an argument), which no tool can shorten without renaming what the spec named.
`breakable_lines` says exactly that, so a long line holding prose is still a finding.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tokenize
from collections.abc import Sequence
from pathlib import Path

RUFF_SELECT = "E,F,W,I"
_FINDING = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z]+\d+) ")


def breakable_lines(source: str) -> set[int]:
    """Numbers of the lines of `source` that hold a comment or part of a string with a space
    in it (what a formatter or the prose pass could break); every other line is made of
    identifiers, punctuation and space-free strings."""
    lines: set[int] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT or (
                    tok.type == tokenize.STRING and any(c.isspace() for c in tok.string)):
                lines.update(range(tok.start[0], tok.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        return set(range(1, source.count("\n") + 2))  # not Python: every line counts
    return lines


def ruff_findings(paths: Sequence[str | Path], *, cwd: str | Path | None = None,
                  stdin: str | None = None, select: str = RUFF_SELECT) -> list[str]:
    """ruff's findings on `paths` (or on `stdin`, named by the one path) under the rule above,
    one line each; an empty list means clean. ruff failing to run is a finding too."""
    args = [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select",
            select, "--output-format", "concise"]
    if stdin is not None:
        args += ["--stdin-filename", str(paths[0]), "-"]
    else:
        args += [str(path) for path in paths]
    done = subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, text=True,
                          check=False)
    if done.returncode not in (0, 1):
        return [f"ruff failed: {done.stderr.strip()[-2000:]}"]
    findings = []
    base = Path(cwd) if cwd is not None else Path.cwd()
    breakable: dict[str, set[int]] = {}
    for text in done.stdout.splitlines():
        match = _FINDING.match(text)
        if match is None:
            continue
        if match["code"] == "E501":
            name = match["file"]
            if name not in breakable:
                breakable[name] = breakable_lines(
                    stdin if stdin is not None else (base / name).read_text(encoding="utf-8"))
            if int(match["line"]) not in breakable[name]:
                continue
        findings.append(text)
    return findings
